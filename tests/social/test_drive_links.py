"""Drive and Docs links pasted in the composer, turned into file references."""

import pytest

from social.drive_links import as_lines, parse_drive_links
from social.errors import InvalidInput

ID = "1AbCdEfGhIjKlMnOpQrStUv"


@pytest.mark.parametrize("link,url,mime", [
    (f"https://drive.google.com/file/d/{ID}/view?usp=sharing",
     f"https://drive.google.com/file/d/{ID}/view", ""),
    (f"https://docs.google.com/document/d/{ID}/edit#heading=h.1",
     f"https://docs.google.com/document/d/{ID}/edit", "application/vnd.google-apps.document"),
    (f"https://docs.google.com/spreadsheets/d/{ID}/edit?gid=0",
     f"https://docs.google.com/spreadsheets/d/{ID}/edit",
     "application/vnd.google-apps.spreadsheet"),
    (f"https://docs.google.com/presentation/d/{ID}/",
     f"https://docs.google.com/presentation/d/{ID}/edit",
     "application/vnd.google-apps.presentation"),
    (f"https://drive.google.com/open?id={ID}&authuser=2",
     f"https://drive.google.com/open?id={ID}", ""),
])
def test_each_kind_of_google_link_gives_the_file_and_a_clean_url(link, url, mime):
    [ref] = parse_drive_links(link)
    assert (ref.google_id, ref.url, ref.mime_type) == (ID, url, mime)


def test_text_around_the_link_is_its_title_and_duplicates_count_once():
    refs = parse_drive_links(f"Plan du lot 03 https://drive.google.com/file/d/{ID}/view\n\n"
                             f"https://drive.google.com/open?id={ID}")
    assert [(ref.title, ref.google_id) for ref in refs] == [("Plan du lot 03", ID)]


def test_a_link_without_title_is_named_after_its_editor():
    [ref] = parse_drive_links(f"https://docs.google.com/spreadsheets/d/{ID}/edit")
    assert ref.title == "Google Sheets · 1AbCdEfG…"


@pytest.mark.parametrize("line", [
    "https://evil.example/file/d/1AbCdEfGhIjKlMnOp/view",
    "https://drive.google.com.evil.example/file/d/1AbCdEfGhIjKlMnOp",
    "https://docs.google.com/forms/d/1AbCdEfGhIjKlMnOp/edit",
    "https://drive.google.com/drive/folders/1AbCdEfGhIjKlMnOp",
    "https://drive.google.com/file/d/short/view",
    "https://drive.google.com/file/d/%3Cscript%3E1234567890/view",
    "javascript:alert(1)//drive.google.com/file/d/1AbCdEfGhIjKlMnOp",
    "juste du texte",
])
def test_anything_else_is_refused_naming_the_line(line):
    with pytest.raises(InvalidInput) as refused:
        parse_drive_links(f"https://drive.google.com/file/d/{ID}/view\n{line}")
    assert refused.value.field == "files" and refused.value.params["link"]


def test_at_most_twenty_files():
    lines = "\n".join(f"https://drive.google.com/file/d/{ID}{n:02d}/view" for n in range(21))
    with pytest.raises(InvalidInput):
        parse_drive_links(lines)
    assert len(parse_drive_links("\n".join(lines.splitlines()[:20]))) == 20


def test_files_written_back_as_lines_parse_to_the_same_files():
    refs = parse_drive_links(f"Plan https://docs.google.com/document/d/{ID}/edit")
    assert parse_drive_links(as_lines(refs)) == refs
