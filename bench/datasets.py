"""The datasets the benchmark seeds: their sizes, fixed once so runs compare.

`service` holds the `firm` tenant itself (same shape, same random stream) among
1,999 smaller ones: the scaling ratio (service p50 / firm p50) then compares the
same firm's requests with and without a million other posts around it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Shape:
    """One tenant's size, or the summed size of a group of tenants."""

    people: int
    spaces: int
    posts: int
    comments: int
    reactions: int
    files: int
    busy_file_comments: int = 0  # the one Drive file the "file card" scenario opens

    def split(self, parts: int) -> list["Shape"]:
        """This total cut into `parts` tenants as even as whole numbers allow."""
        def cut(total: int, index: int) -> int:
            return total // parts + (1 if index < total % parts else 0)

        return [Shape(people=cut(self.people, i), spaces=cut(self.spaces, i),
                      posts=cut(self.posts, i), comments=cut(self.comments, i),
                      reactions=cut(self.reactions, i), files=cut(self.files, i))
                for i in range(parts)]


@dataclass(frozen=True)
class Dataset:
    name: str
    main: Shape          # tenant 1: the firm whose people the load signs in as
    other_tenants: int
    others: Shape        # the other tenants' sizes, summed

    def shapes(self) -> list[Shape]:
        return [self.main] + (self.others.split(self.other_tenants)
                              if self.other_tenants else [])

    @property
    def totals(self) -> Shape:
        shapes = self.shapes()
        return Shape(*(sum(getattr(s, field) for s in shapes) for field in
                       ("people", "spaces", "posts", "comments", "reactions", "files")))


FIRM = Shape(people=50, spaces=20, posts=20_000, comments=100_000, reactions=200_000,
             files=5_000, busy_file_comments=300)

DATASETS = {
    # For CI: a few hundred rows, every kind of row present.
    "tiny": Dataset("tiny", Shape(people=8, spaces=4, posts=120, comments=300, reactions=400,
                                  files=12, busy_file_comments=40),
                    other_tenants=1, others=Shape(people=4, spaces=2, posts=30, comments=40,
                                                  reactions=40, files=3)),
    "firm": Dataset("firm", FIRM, other_tenants=0, others=Shape(0, 0, 0, 0, 0, 0)),
    "service": Dataset("service", FIRM, other_tenants=1_999,
                       others=Shape(people=50_000 - 50, spaces=1_999 * 6,
                                    posts=1_000_000 - 20_000, comments=3_000_000 - 100_000,
                                    reactions=5_000_000 - 200_000, files=1_999 * 25)),
}
