"""Export jobs: work longer than a page (a school's certificate zip, large Excel sheets, the originality
index) run on the job queue (lms.core.jobs); the user who asked follows its progress and downloads the file."""
