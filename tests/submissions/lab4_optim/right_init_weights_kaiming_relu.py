"""He's law spelled out: kaiming_normal_(w, mode="fan_in", nonlinearity="relu"); biases filled with 0.

expect: none
"""
# %% init_weights_
def init_weights_(model, scheme):
    for m in model.modules():
        if isinstance(m, nn.Linear):
            if scheme == "he":
                nn.init.kaiming_normal_(m.weight, mode="fan_in", nonlinearity="relu")
            else:
                nn.init.xavier_normal_(m.weight, gain=1.0)
            if m.bias is not None:
                with torch.no_grad():
                    m.bias.fill_(0.0)
    return model
