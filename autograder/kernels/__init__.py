"""Where a student's code runs: the zygote that forks warm kernels, the kernel provisioner and the
kernel manager nbgrader is given, the bubblewrap sandbox and its namespaces, the integrity probe.
Imports ``course/`` only: never the engine that drives it."""
