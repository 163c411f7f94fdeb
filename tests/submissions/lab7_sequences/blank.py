"""The released notebook, handed in without a line written.

expect: test_rnn_forward, test_rnn_backward, test_attention, test_greedy_decode
message: not implemented yet
blank: true
"""
