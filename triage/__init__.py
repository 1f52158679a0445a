"""Triage: from a classified post to a lead officers can act on — its 镇街, its key facts, its
priority and the case it belongs to. Pure functions over plain data; persistence goes through
storage (in pipeline.py)."""
