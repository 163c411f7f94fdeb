"""The released notebook, handed in without a line written.

expect: test_init_model_optim, test_train_step_optim, test_make_optimizer, test_init_weights_
message: not implemented yet
blank: true
"""
