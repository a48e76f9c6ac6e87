"""Add-on endpoints: each verifies (in the pipeline), calls one service, renders one card."""
