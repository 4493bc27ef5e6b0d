"""Rules shared by every kind."""
from __future__ import annotations
