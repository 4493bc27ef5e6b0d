"""Rules of the 决算 kind."""
from __future__ import annotations
