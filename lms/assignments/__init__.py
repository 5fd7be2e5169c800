"""Quizzes and written assignments, submissions, drafts, tutors' review, plagiarism decisions."""
