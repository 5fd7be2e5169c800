"""Continuing-education credits: each teacher's 学时 and 学分 over a five-year cycle (issue 17)."""
