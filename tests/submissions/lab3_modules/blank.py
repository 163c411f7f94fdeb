"""The released notebook, handed in without a line written.

expect: test_init_model, test_loss_accuracy, test_sgd, test_MLP
message: not implemented yet
blank: true
"""
