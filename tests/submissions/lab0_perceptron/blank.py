"""The released notebook, handed in without a line written.

expect: test_pairwise_sq_dists, test_perceptron_epoch, test_perceptron_train, test_sigmoid, test_bce_with_logits, test_logreg_grad, test_train_logreg
message: not implemented yet
blank: true
"""
