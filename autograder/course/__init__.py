"""What the course is: its folders and settings (``layout``), the grading settings (``settings``),
notebook cells, submissions, the environment nbgrader and kernels run in (``env``), and the small
formats every room shares (tables, timing lines). Imports nothing of the other rooms."""
