"""Measuring the whole pipeline on labelled posts: above pipeline.py (it runs it), below the CLI."""
