"""Checks of lab 3 (torch.nn layers and modules): each compares a student's model, loss
or update with torch (``torch.nn.functional`` on the model's own parameters, and
``torch.autograd``) and names known mistakes.

Every check takes the student's function (or class) and the sizes, dtype, device and
seed of a random problem; the visible tests call them with small fixed sizes, the hidden
tests with others. ``device=None`` means CUDA when available, else CPU; a model is moved
there (and to ``dtype``) with ``.to()``, as a student's training loop does. ``device="meta"``
runs the student's code on the meta device under ``SimulatedDevice`` (what a GPU shows,
seen on a CPU): only devices, dtypes, shapes and identities are checked then.

The network: ytilde = W_y tanh(W_h x + b_h) + b_y, logits (no softmax inside the model:
``nn.CrossEntropyLoss`` applies log-softmax itself).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch
import torch.nn as nn
import torch.nn.functional as F

from ._harness import contract_checker
from ._calling import call, quiet
from ._compare import dtype_on, expect_accuracy, expect_tensor, shape_str
from ._device import call_on_meta, resolve_device
from ._outcome import CheckFailed, named, passed
from ..language import say


def _inputs(n: int, nx: int, ny: int, dtype: torch.dtype, device: torch.device,
            seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """X (n, nx) and class indices y (n,), drawn on the CPU from ``seed`` then moved."""
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, nx, generator=g, dtype=torch.float64).to(device=device, dtype=dtype)
    y = torch.randint(ny, (n,), generator=g).to(device)
    return X, y


# --------------------------------------------------------------------------- the network (init_model, MLP)
def _empty_model_message(name: str, model: nn.Module) -> str:
    """Why a module has no parameters: layers hidden in a Python container, or plain tensors."""
    for attr, value in vars(model).items():
        items = value.values() if isinstance(value, dict) else value if isinstance(value, (list, tuple)) else []
        if any(isinstance(v, nn.Module) for v in items):
            kind = type(value).__name__
            return say(f"{name} has no parameters: its layers are in a plain Python {kind} (self.{attr}),"
                       " which nn.Module does not look into, so parameters(), to() and state_dict() miss them"
                       " (and training would never update them). Use nn.ModuleList (or nn.Sequential), or"
                       " one attribute per layer.",
                       f"{name} n'a aucun paramètre : ses couches sont rangées dans un simple objet {kind} de Python"
                       f" (self.{attr}),"
                       " où nn.Module ne regarde pas, si bien que parameters(), to() et state_dict() les ignorent"
                       " (et l'apprentissage ne les mettrait jamais à jour). Utilisez nn.ModuleList (ou"
                       " nn.Sequential), ou un attribut par couche.")
        if isinstance(value, torch.Tensor):
            return say(f"{name} has no parameters: self.{attr} is a plain tensor, not registered. Use nn.Linear layers"
                       " (or wrap tensors in nn.Parameter).",
                       f"{name} n'a aucun paramètre : self.{attr} est un simple tenseur, non enregistré. Utilisez des"
                       " couches nn.Linear (ou enveloppez les tenseurs dans nn.Parameter).")
    return say(f"{name} has no parameters: assign its layers as attributes in __init__ (self.hidden ="
               " nn.Linear(nx, nh), ...) so that parameters() finds them.",
               f"{name} n'a aucun paramètre : affectez ses couches à des attributs dans __init__ (self.hidden ="
               " nn.Linear(nx, nh), ...) pour que parameters() les trouve.")


def _linear_layers(name: str, model: Any, nx: int, nh: int, ny: int) -> tuple[nn.Linear, nn.Linear]:
    """The hidden and output nn.Linear of ``model``, after checking its structure."""
    __tracebackhide__ = True
    if not isinstance(model, nn.Module):
        kind = type(model).__name__
        raise CheckFailed(say(f"{name} is a {kind}, expected an nn.Module.",
                              f"{name} est un {kind}, on attend un nn.Module."), mistake="not-a-module")
    if not list(model.parameters()):
        raise CheckFailed(_empty_model_message(name, model), mistake="no-parameters")
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    if len(linears) != 2:
        raise CheckFailed(say(f"{name} has {len(linears)} nn.Linear layer(s), expected 2: nn.Linear({nx}, {nh}) then"
                              f" nn.Linear({nh}, {ny}) (nx={nx}, nh={nh}, ny={ny}).",
                              f"{name} a {len(linears)} couche(s) nn.Linear, on en attend 2 : nn.Linear({nx}, {nh})"
                              f" puis nn.Linear({nh}, {ny}) (nx={nx}, nh={nh}, ny={ny})."),
                          mistake="wrong-layer-count")
    hidden, output = linears
    if (hidden.in_features, hidden.out_features) != (nx, nh) and (output.in_features, output.out_features) == (nx, nh):
        hidden, output = output, hidden
    for layer, (i, o), which in ((hidden, (nx, nh), "hidden"), (output, (nh, ny), "output")):
        if (layer.in_features, layer.out_features) != (i, o):
            sizes = f"{layer.in_features}, {layer.out_features}"
            raise CheckFailed(say(f"the {which} layer of {name} is nn.Linear({sizes}),"
                                  f" expected nn.Linear({i}, {o}): the network maps nx={nx} -> nh={nh} -> ny={ny}.",
                                  f"la couche {'cachée' if which == 'hidden' else 'de sortie'} de {name} est"
                                  f" nn.Linear({sizes}), on attend nn.Linear({i}, {o}) : le réseau va de nx={nx} à"
                                  f" nh={nh} puis à ny={ny}."),
                              mistake="wrong-layer-sizes")
        if layer.bias is None:
            raise CheckFailed(say(f"the {which} layer of {name} has no bias (bias=False): the layers compute W x + b;"
                                  " keep bias=True, the default.",
                                  f"la couche {'cachée' if which == 'hidden' else 'de sortie'} de {name} n'a pas de"
                                  " biais (bias=False) : les couches calculent W x + b ; gardez bias=True, la valeur"
                                  " par défaut."), mistake="no-bias")
    count = sum(p.numel() for p in model.parameters())
    expected = nx * nh + nh + nh * ny + ny
    if count != expected:
        raise CheckFailed(say(f"{name} has {count} parameters, expected nx*nh + nh + nh*ny + ny = {expected}"
                              " (the two Linear layers' weights and biases, nothing else).",
                              f"{name} a {count} paramètres, on en attend nx*nh + nh + nh*ny + ny = {expected}"
                              " (les poids et les biais des deux couches Linear, rien d'autre)."),
                          mistake="extra-parameters")
    return hidden, output


def _output_mistakes(ref: torch.Tensor, htilde: torch.Tensor, W_y: torch.Tensor,
                     b_y: torch.Tensor) -> dict[str, torch.Tensor]:
    """What the network's output would be with each known mistake of its activations (message -> output), from
    the right logits ``ref``, the hidden pre-activation ``htilde`` and the output layer's parameters."""
    softmax = named("softmax-output", say(
        "the output is a softmax (rows sum to 1): the network must return the logits ytilde;"
        " nn.CrossEntropyLoss applies log-softmax itself. Take torch.softmax outside the model, where"
        " you need probabilities.",
        "la sortie est un softmax (la somme de chaque ligne vaut 1) : le réseau doit renvoyer les logits ytilde ;"
        " nn.CrossEntropyLoss applique lui-même le log-softmax. Appliquez torch.softmax hors du modèle, là où"
        " il vous faut des probabilités."))
    return {
        softmax: torch.softmax(ref, dim=1),
        named("log-softmax-output", say(
            "the output is a log-softmax: the network must return the logits ytilde; nn.CrossEntropyLoss applies"
            " log-softmax itself.",
            "la sortie est un log-softmax : le réseau doit renvoyer les logits ytilde ; nn.CrossEntropyLoss"
            " applique lui-même le log-softmax.")): torch.log_softmax(ref, dim=1),
        named("relu-hidden", say(
            "that is a ReLU hidden activation; this network uses tanh (nn.Tanh() or torch.tanh).",
            "c'est une activation cachée ReLU ; ce réseau utilise tanh (nn.Tanh() ou torch.tanh).")):
            F.linear(torch.relu(htilde), W_y, b_y),
        named("sigmoid-hidden", say(
            "that is a sigmoid hidden activation; this network uses tanh (nn.Tanh() or torch.tanh).",
            "c'est une activation cachée sigmoïde ; ce réseau utilise tanh (nn.Tanh() ou torch.tanh).")):
            F.linear(torch.sigmoid(htilde), W_y, b_y),
        named("no-activation", say(
            "there is no activation between the two Linear layers (the network is then linear): put a tanh"
            " between them.",
            "il n'y a pas d'activation entre les deux couches Linear (le réseau est alors linéaire) : placez un tanh"
            " entre elles.")):
            F.linear(htilde, W_y, b_y),
        named("tanh-on-output", say(
            "a tanh is applied to the output too: the network returns the logits of the last Linear layer.",
            "un tanh est aussi appliqué à la sortie : le réseau renvoie les logits de la dernière couche Linear.")):
            torch.tanh(ref),
    }


def _check_network(name: str, model: nn.Module, nx: int, nh: int, ny: int, n: int,
                   dtype: torch.dtype, device: torch.device, seed: int) -> None:
    """Structure, then model(X) and every parameter's gradient against torch's, computed
    with F.linear and torch.tanh from the model's own parameters. On 'meta': the output's
    device, dtype and shape only (a tensor the forward pass creates on the CPU fails)."""
    __tracebackhide__ = True
    hidden, output = _linear_layers(name, model, nx, nh, ny)
    odd = next((p for p in model.parameters() if p.dtype != torch.float32), None)
    if odd is not None:
        raise CheckFailed(say(f"{name} has parameters of dtype {odd.dtype}: create the layers with torch's default"
                              " (float32); the training loop moves the model with .to().",
                              f"{name} a des paramètres de dtype {odd.dtype} : créez les couches dans le dtype par"
                              " défaut de torch (float32) ; la boucle d'apprentissage déplace le modèle avec .to()."),
                          mistake="hard-coded-dtype")
    call(f"{name}.to", model.to, device=device, dtype=dtype)
    params = list(model.parameters())
    moved = [p for p in model.parameters() if p.device.type != device.type or p.dtype != dtype]
    if moved:
        raise CheckFailed(say(f"after {name}.to({device.type!r}, {dtype}) a parameter is still {moved[0].dtype} on"
                              f" {moved[0].device.type}: register every layer as an attribute so that to() moves it.",
                              f"après {name}.to({device.type!r}, {dtype}), un paramètre est encore {moved[0].dtype}"
                              f" sur {moved[0].device.type} : enregistrez chaque couche comme attribut, pour que"
                              " to() la déplace."),
                          mistake="layer-not-registered")
    if device.type == "meta":
        plain = next((a for a, v in vars(model).items() if type(v) is torch.Tensor and v.device.type != "meta"), None)
        if plain is not None:
            where = getattr(model, plain).device.type
            raise CheckFailed(say(f"after {name}.to('meta') (standing in for a GPU), self.{plain} is still on"
                                  f" {where}: it is a plain tensor attribute, which to() does not"
                                  " move. Make it a layer, an nn.Parameter, or register_buffer it (or do without it).",
                                  f"après {name}.to('meta') (qui tient lieu de GPU), self.{plain} est encore sur"
                                  f" {where} : c'est un simple tenseur en attribut, que to() ne déplace pas. Faites-en"
                                  " une couche, un nn.Parameter, ou enregistrez-le avec register_buffer (ou"
                                  " passez-vous-en)."),
                              mistake="plain-tensor-attribute")
    X, y = _inputs(n, nx, ny, dtype, device, seed)
    if device.type == "meta":
        with torch.enable_grad():
            out = call_on_meta(f"{name}(X)", model, X)
        expect_tensor(f"{name}(X)", out, torch.empty(n, ny, dtype=dtype, device=device), compare_values=False)
        return
    with torch.enable_grad():
        where = say(f" (X of shape {shape_str(X.shape)}, {dtype_on(dtype, device)})",
                    f" (X de forme {shape_str(X.shape)}, {dtype_on(dtype, device)})")
        out = call(f"{name}(X)", model, X, where=where, hints={
            "cannot be multiplied":  # not shown to students
                say(" A layer gets an input of the wrong size: call the layers in order,"
                    f" nn.Linear({nx}, {nh}) -> tanh -> nn.Linear({nh}, {ny}).",
                    " Une couche reçoit une entrée de mauvaise taille : appelez les couches dans"
                    f" l'ordre, nn.Linear({nx}, {nh}) -> tanh -> nn.Linear({nh}, {ny})."),
        })
        W_h, b_h, W_y, b_y = hidden.weight, hidden.bias, output.weight, output.bias
        htilde = F.linear(X, W_h, b_h)
        ref = F.linear(torch.tanh(htilde), W_y, b_y)
    mistakes = _output_mistakes(ref, htilde, W_y, b_y)
    expect_tensor(f"{name}(X)", out, ref.detach(), mistakes)
    if not out.requires_grad:
        raise CheckFailed(say(f"{name}(X) does not depend on the parameters (detached from the graph?): no"
                              " gradient can reach them.",
                              f"{name}(X) ne dépend pas des paramètres (détaché du graphe ?) : aucun gradient ne peut"
                              " les atteindre."), mistake="detached-output")
    with torch.enable_grad():
        grads = torch.autograd.grad(F.cross_entropy(out, y), params, allow_unused=True)
        expected = torch.autograd.grad(F.cross_entropy(ref, y), params, allow_unused=True)
    for (pname, _), found, exp in zip(model.named_parameters(), grads, expected):
        if found is None:
            raise CheckFailed(say(f"parameter {pname!r} of {name} gets no gradient: it is not used to compute"
                                  f" {name}(X).",
                                  f"le paramètre {pname!r} de {name} ne reçoit aucun gradient : il ne sert pas au"
                                  f" calcul de {name}(X)."),
                              mistake="unused-parameter")
        if exp is not None:
            expect_tensor(say(f"the gradient of {name}'s {pname!r}", f"le gradient de {pname!r} de {name}"),
                          found, exp)


def check_init_model(init_model: Callable, nx: int = 3, nh: int = 5, ny: int = 4, n: int = 6,
                     dtype: torch.dtype = torch.float64, device: str | torch.device | None = None,
                     seed: int = 0) -> None:
    """An nn.Sequential Linear -> Tanh -> Linear returning logits, and an nn.CrossEntropyLoss."""
    __tracebackhide__ = True
    device = resolve_device(device)
    torch.manual_seed(seed)
    result = call("init_model", init_model, nx, nh, ny)
    if not (isinstance(result, tuple) and len(result) == 2):
        kind = type(result).__name__
        raise CheckFailed(say(f"init_model returned a {kind}, expected a pair (model, loss).",
                              f"init_model a renvoyé un {kind}, on attend une paire (model, loss)."),
                          mistake="not-a-tuple")
    model, loss = result
    if not isinstance(model, nn.Sequential):
        kind = type(model).__name__
        raise CheckFailed(say(f"model is a {kind}, expected an nn.Sequential(nn.Linear, nn.Tanh, nn.Linear).",
                              f"model est un {kind}, on attend un nn.Sequential(nn.Linear, nn.Tanh, nn.Linear)."),
                          mistake="not-sequential")
    wrong_loss = {
        nn.NLLLoss: say("nn.NLLLoss expects log-probabilities, and the model returns logits",
                        "nn.NLLLoss attend des log-probabilités, et le modèle renvoie des logits"),
        nn.MSELoss: say("nn.MSELoss is a regression loss", "nn.MSELoss est une perte de régression"),
        nn.BCELoss: say("nn.BCELoss is a binary loss on probabilities",
                        "nn.BCELoss est une perte binaire sur des probabilités"),
        nn.BCEWithLogitsLoss: say("nn.BCEWithLogitsLoss treats each output as a separate yes/no question",
                                  "nn.BCEWithLogitsLoss traite chaque sortie comme une question oui/non distincte"),
    }
    if not isinstance(loss, nn.CrossEntropyLoss):
        kind = type(loss).__name__
        why = next((w for cls, w in wrong_loss.items() if isinstance(loss, cls)),
                   say(f"loss is a {kind}", f"loss est un {kind}"))
        mistake = next((f"{cls.__name__.lower()}-not-cross-entropy" for cls in wrong_loss if isinstance(loss, cls)),
                       None)
        raise CheckFailed(say(f"{why}: classification from logits uses loss = nn.CrossEntropyLoss()"
                              " (log-softmax and negative log-likelihood in one, numerically stable).",
                              f"{why} : la classification à partir de logits utilise loss = nn.CrossEntropyLoss()"
                              " (log-softmax et log-vraisemblance négative en une seule opération, numériquement"
                              " stable)."), mistake=mistake)
    if loss.reduction != "mean":
        raise CheckFailed(say(f"loss has reduction={loss.reduction!r}: use nn.CrossEntropyLoss()"
                              " (the mean over the batch).",
                              f"loss a reduction={loss.reduction!r} : utilisez nn.CrossEntropyLoss()"
                              " (la moyenne sur le lot)."), mistake="sum-reduction")
    _check_network("model", model, nx, nh, ny, n, dtype, device, seed)
    passed("init_model", say(f"Linear({nx}, {nh}) -> tanh -> Linear({nh}, {ny}) logits equal torch's, gradients reach"
                             f" every parameter, loss is nn.CrossEntropyLoss ({dtype_on(dtype, device)})",
                             f"logits de Linear({nx}, {nh}) -> tanh -> Linear({nh}, {ny}) égaux à ceux de torch,"
                             f" gradients reçus par chaque paramètre, loss est un nn.CrossEntropyLoss"
                             f" ({dtype_on(dtype, device)})"))


def check_MLP(MLP: Callable, nx: int = 3, nh: int = 5, ny: int = 4, n: int = 6,
              dtype: torch.dtype = torch.float64, device: str | torch.device | None = None, seed: int = 0) -> None:
    """An nn.Module subclass computing the same logits as init_model's network, its layers registered."""
    __tracebackhide__ = True
    device = resolve_device(device)
    torch.manual_seed(seed)
    model = call("MLP", MLP, nx, nh, ny, hints={
        "before Module.__init__() call":  # not shown to students
            say(" Call super().__init__() first thing in MLP.__init__.",
                " Appelez super().__init__() en tout premier dans MLP.__init__."),
    })
    if not isinstance(model, nn.Module):
        kind = type(model).__name__
        raise CheckFailed(say(f"MLP({nx}, {nh}, {ny}) is a {kind}, expected an nn.Module:"
                              " write class MLP(nn.Module).",
                              f"MLP({nx}, {nh}, {ny}) est un {kind}, on attend un nn.Module :"
                              " écrivez class MLP(nn.Module)."), mistake="not-a-module")
    _check_network(f"MLP({nx}, {nh}, {ny})", model, nx, nh, ny, n, dtype, device, seed)
    keys = sorted(model.state_dict())
    if len(keys) != 4:
        raise CheckFailed(say(f"MLP's state_dict has keys {keys}, expected the 4 weights and biases"
                              " of its two Linear layers.",
                              f"le state_dict de MLP a pour clés {keys}, on attend les 4 poids et biais"
                              " de ses deux couches Linear."), mistake="wrong-state-dict")
    count = sum(p.numel() for p in model.parameters())
    passed("MLP", say(f"2 Linear layers registered ({count} parameters), logits and"
                      f" gradients equal torch's ({dtype_on(dtype, device)})",
                      f"2 couches Linear enregistrées ({count} paramètres), logits et"
                      f" gradients égaux à ceux de torch ({dtype_on(dtype, device)})"))


# --------------------------------------------------------------------------- loss_accuracy
def _loss_hints() -> dict[str, str]:
    """Hints for torch's errors about the targets of a loss (see ``call``), built when shown."""
    return {
        "Expected floating point type for target":  # not shown to students
            named("one-hot-targets-not-float", say(
                " With one-hot targets pass the float Y itself (probabilities), or the class indices Y.argmax(dim=1).",
                " Avec des cibles one-hot, passez le Y flottant lui-même (des probabilités), ou les indices de classe"
                " Y.argmax(dim=1).")),
        "expected scalar type Long":  # not shown to students
            named("targets-not-long", say(" Class-index targets are Y.argmax(dim=1) (a long tensor).",
                                          " Les cibles en indices de classe sont Y.argmax(dim=1) (un tenseur long).")),
    }


def _loss_mistakes(Ytilde: torch.Tensor, y: torch.Tensor, Y: torch.Tensor, weight: torch.Tensor | None,
                   reduction: str, weighted: bool) -> dict[str, torch.Tensor]:
    """What known wrong losses give on (Ytilde, y), each with the message that names the mistake."""
    P = torch.softmax(Ytilde, dim=1)
    other = "mean" if reduction == "sum" else "sum"
    mistakes = {
        named("nll-on-logits", say(
            "that is nn.NLLLoss / F.nll_loss applied to the logits: it expects log-probabilities. Use the `loss`"
            " given (an nn.CrossEntropyLoss), which takes the logits: L = loss(Ytilde, Y.argmax(dim=1)).",
            "c'est nn.NLLLoss / F.nll_loss appliquée aux logits : elle attend des log-probabilités. Utilisez la"
            " `loss` donnée (un nn.CrossEntropyLoss), qui prend les logits : L = loss(Ytilde, Y.argmax(dim=1)).")):
            F.nll_loss(Ytilde, y, reduction=reduction),
        named("softmax-before-loss", say(
            "a softmax was applied before the loss: nn.CrossEntropyLoss takes the logits Ytilde and"
            " applies log-softmax itself.",
            "un softmax a été appliqué avant la perte : nn.CrossEntropyLoss prend les logits Ytilde et"
            " applique lui-même le log-softmax.")):
            F.cross_entropy(P, y, reduction=reduction),
        named("mse-loss", say(
            "that is a squared error (MSELoss): use the `loss` given, an nn.CrossEntropyLoss.",
            "c'est une erreur quadratique (MSELoss) : utilisez la `loss` donnée, un nn.CrossEntropyLoss.")):
            F.mse_loss(Ytilde, Y),
        named("mse-on-probabilities", say(
            "that is a squared error (MSELoss) on the probabilities: use the `loss` given, an nn.CrossEntropyLoss.",
            "c'est une erreur quadratique (MSELoss) sur les probabilités : utilisez la `loss` donnée, un"
            " nn.CrossEntropyLoss.")):
            F.mse_loss(P, Y),
        named("bce-on-onehot", say(
            "that is a binary cross-entropy of each entry (BCEWithLogitsLoss): use the `loss` given,"
            " an nn.CrossEntropyLoss.",
            "c'est une entropie croisée binaire de chaque coefficient (BCEWithLogitsLoss) : utilisez la `loss`"
            " donnée, un nn.CrossEntropyLoss.")):
            F.binary_cross_entropy_with_logits(Ytilde, Y),
        named("ignores-loss-argument", say(
            f"it is the {other} over the batch, but the `loss` given has reduction={reduction!r}: compute L with"
            " the `loss` argument, not with a fixed F.cross_entropy or a new nn.CrossEntropyLoss().",
            f"c'est la {'somme' if other == 'sum' else 'moyenne'} sur le lot, alors que la `loss` donnée a"
            f" reduction={reduction!r} : calculez L avec l'argument `loss`, et non avec un F.cross_entropy fixé ou"
            " un nouveau nn.CrossEntropyLoss().")):
            F.cross_entropy(Ytilde, y, weight=weight, reduction=other),
    }
    if weighted:
        mistakes = {
            named("ignores-loss-argument", say(
                "the class weights of the `loss` given were ignored: compute L with the `loss` argument itself, not"
                " with F.cross_entropy or a new nn.CrossEntropyLoss() (even one with the same reduction).",
                "les poids de classe de la `loss` donnée ont été ignorés : calculez L avec l'argument `loss`"
                " lui-même, et non avec F.cross_entropy ou un nouveau nn.CrossEntropyLoss() (même avec la"
                " même réduction).")):
                F.cross_entropy(Ytilde, y, reduction=reduction),
            named("ignores-loss-argument", say(
                "the class weights of the `loss` given were ignored, and the reduction too: compute L with the `loss`"
                " argument itself.",
                "les poids de classe de la `loss` donnée ont été ignorés, et sa réduction aussi : calculez L avec"
                " l'argument `loss` lui-même.")): F.cross_entropy(Ytilde, y, reduction=other),
            **mistakes,
        }
    return mistakes


def check_loss_accuracy(loss_accuracy: Callable, n: int = 10, ny: int = 4, reduction: str = "mean",
                        weighted: bool = False,
                        dtype: torch.dtype = torch.float64, device: str | torch.device | None = None,
                        seed: int = 0) -> None:
    """L against ``F.cross_entropy(Ytilde, y)`` (computed with the ``loss`` given); acc the fraction of argmax matches.

    ``reduction`` and ``weighted`` (class weights) make the ``loss`` given differ from a default
    ``nn.CrossEntropyLoss()``: code that builds its own fails. Class weights only with
    ``reduction="sum"``, where class indices and one-hot targets give the same L (the mean
    of a weighted loss divides by the sum of the weights with class indices, by n with
    probabilities). After the call, ``Ytilde.grad`` must still be None: ``loss_accuracy``
    does not call ``backward()``, the training loop does. On 'meta': devices only.
    """
    __tracebackhide__ = True
    device = resolve_device(device)
    if weighted and reduction == "mean":
        raise ValueError("class weights with reduction='sum' only (see the docstring)")  # not shown to students
    if device.type == "meta":
        return _check_loss_accuracy_on_meta(loss_accuracy, n, ny, reduction, weighted, dtype)
    g = torch.Generator().manual_seed(seed)
    Ytilde = 2 * torch.randn(n, ny, generator=g, dtype=torch.float64)
    pred = Ytilde.argmax(dim=1)
    right = torch.zeros(n, dtype=torch.bool)
    k = min(max(1, round(0.6 * n)), max(1, n - 1))  # about 60% right: neither 0% nor 100% when n > 1
    right[torch.randperm(n, generator=g)[:k]] = True
    y = torch.where(right, pred, (pred + 1 + torch.randint(ny - 1, (n,), generator=g)) % ny)
    acc_ref = (pred == y).double().mean().item()
    Ytilde = Ytilde.to(device=device, dtype=dtype)
    y = y.to(device)
    Y = F.one_hot(y, ny).to(dtype)
    weight = ((0.5 + 2 * torch.rand(ny, generator=g, dtype=torch.float64)).to(device=device, dtype=dtype)
              if weighted else None)
    loss = nn.CrossEntropyLoss(weight=weight, reduction=reduction)
    with quiet():
        L_ref = F.cross_entropy(Ytilde, y, weight=weight, reduction=reduction)
        mistakes = _loss_mistakes(Ytilde, y, Y, weight, reduction, weighted)
    Ytilde.requires_grad_(True)
    result = call("loss_accuracy", loss_accuracy, loss, Ytilde, Y, hints=_loss_hints())
    if not (isinstance(result, tuple) and len(result) == 2):
        kind = type(result).__name__
        raise CheckFailed(say(f"loss_accuracy returned a {kind}, expected a pair (L, acc).",
                              f"loss_accuracy a renvoyé un {kind}, on attend une paire (L, acc)."),
                          mistake="not-a-tuple")
    L, acc = result
    if isinstance(L, (int, float)):
        kind = type(L).__name__
        raise CheckFailed(say(f"L is a {kind}, expected the 0-dim tensor the loss returns: keep it a tensor"
                              " (no .item() or float()), the training loop calls L.backward().",
                              f"L est un {kind}, on attend le tenseur de dimension 0 que renvoie la perte : gardez un"
                              " tenseur (ni .item() ni float()), la boucle d'apprentissage appelle L.backward()."),
                          mistake="loss-item")
    expect_tensor("L", L, L_ref, mistakes)
    if not L.requires_grad:
        raise CheckFailed(say("L is detached from the graph (requires_grad is False): the training loop calls"
                              " L.backward(); return loss(...) itself, not .detach() or torch.tensor(...) of it.",
                              "L est détachée du graphe (requires_grad vaut False) : la boucle d'apprentissage"
                              " appelle L.backward() ; renvoyez loss(...) elle-même, et non son .detach() ou un"
                              " torch.tensor(...) de sa valeur."),
                          mistake="loss-detached")
    expect_accuracy(acc, acc_ref, n, "Ytilde")
    if Ytilde.grad is not None:
        raise CheckFailed(say("loss_accuracy called backward(): Ytilde.grad was filled. Return L as it comes; the"
                              " training loop calls L.backward() once per step (a second backward through the same"
                              " graph fails, and gradients added twice make a step twice too long).",
                              "loss_accuracy a appelé backward() : Ytilde.grad a été rempli. Renvoyez L telle"
                              " quelle ; la boucle d'apprentissage appelle L.backward() une fois par pas (un second"
                              " backward à travers le même graphe échoue, et des gradients ajoutés deux fois font un"
                              " pas deux fois trop long)."), mistake="calls-backward")
    passed("loss_accuracy", say(f"L equals F.cross_entropy (reduction={reduction!r}"
                                f"{', class weights' if weighted else ''})"
                                f" and acc = {acc_ref:.2f} (n={n}, ny={ny}, {dtype_on(dtype, device)})",
                                f"L égale à F.cross_entropy (reduction={reduction!r}"
                                f"{', poids de classe' if weighted else ''})"
                                f" et acc = {acc_ref:.2f} (n={n}, ny={ny}, {dtype_on(dtype, device)})"))


def _check_loss_accuracy_on_meta(loss_accuracy: Callable, n: int, ny: int, reduction: str, weighted: bool,
                                 dtype: torch.dtype) -> None:
    """loss_accuracy on the meta device: it runs, and L is a 0-dim tensor on the inputs' device."""
    __tracebackhide__ = True
    meta = torch.device("meta")
    Ytilde = torch.empty(n, ny, dtype=dtype, device=meta, requires_grad=True)
    Y = torch.empty(n, ny, dtype=dtype, device=meta)
    weight = torch.empty(ny, dtype=dtype, device=meta) if weighted else None
    result = call_on_meta("loss_accuracy", loss_accuracy, nn.CrossEntropyLoss(weight=weight, reduction=reduction),
                          Ytilde, Y, hints=_loss_hints())
    if not (isinstance(result, tuple) and len(result) == 2):
        kind = type(result).__name__
        raise CheckFailed(say(f"loss_accuracy returned a {kind}, expected a pair (L, acc).",
                              f"loss_accuracy a renvoyé un {kind}, on attend une paire (L, acc)."),
                          mistake="not-a-tuple")
    L, _ = result
    if not isinstance(L, torch.Tensor):
        kind = type(L).__name__
        raise CheckFailed(say(f"L is a {kind}, expected the 0-dim tensor the loss returns.",
                              f"L est un {kind}, on attend le tenseur de dimension 0 que renvoie la perte."),
                          mistake="loss-item")
    expect_tensor("L", L, torch.empty((), dtype=dtype, device=meta), compare_values=False)
    passed("loss_accuracy", say(f"runs on the inputs' device (meta, standing in for a GPU), L stays there (n={n},"
                                f" ny={ny})",
                                f"s'exécute sur le device des entrées (meta, qui tient lieu de GPU), L y reste (n={n},"
                                f" ny={ny})"))


# --------------------------------------------------------------------------- sgd
def _sgd_hints() -> dict[str, str]:
    """Hints for the errors an update of a model's parameters commonly raises (see ``call``), built when shown."""
    return {
        "leaf Variable that requires grad":  # not shown to students
            named("update-outside-no-grad", say(
                " Parameters require grad: update them inside `with torch.no_grad():` (p -= eta * p.grad).",
                " Les paramètres requièrent un gradient : mettez-les à jour dans un bloc `with torch.no_grad():`"
                " (p -= eta * p.grad).")),
        "assigned grad expected to be a Tensor or None":  # not shown to students
            named("grad-set-to-non-tensor", say(
                " To reset a gradient write p.grad = None, or p.grad.zero_().",
                " Pour remettre un gradient à zéro, écrivez p.grad = None, ou p.grad.zero_().")),
        "grad_dtype": named("grad-wrong-dtype", say(
            " A tensor you create must follow p's dtype and device: p.grad = None, or p.grad.zero_().",
            " Un tenseur que vous créez doit suivre le dtype et le device de p : p.grad = None, ou p.grad.zero_().")),
        "NoneType": named("hard-coded-layers", say(
            " Every parameter of the test's model has a gradient: use p.grad of each p in model.parameters().",
            " Chaque paramètre du modèle du test a un gradient : utilisez p.grad pour chaque p de"
            " model.parameters().")),
    }


def check_sgd(sgd: Callable, nx: int = 3, nh: int = 5, ny: int = 4, eta: float = 0.1, depth: int = 1,
              dtype: torch.dtype = torch.float64, device: str | torch.device | None = None, seed: int = 0) -> None:
    """p <- p - eta * p.grad for every parameter of a model (``depth`` hidden layers),
    with gradients set by the check; then the gradients zeroed (zeros or None)."""
    __tracebackhide__ = True
    device = resolve_device(device)
    torch.manual_seed(seed)
    sizes = [nx] + [nh] * depth + [ny]
    layers: list[nn.Module] = []
    for i in range(len(sizes) - 1):
        layers += [nn.Linear(sizes[i], sizes[i + 1]), nn.Tanh()]
    model = nn.Sequential(*layers[:-1]).to(device=device, dtype=dtype)
    g = torch.Generator().manual_seed(seed + 1)
    for p in model.parameters():
        p.grad = torch.randn(p.shape, generator=g, dtype=torch.float64).to(device=device, dtype=dtype)
    before = {k: p.detach().clone() for k, p in model.named_parameters()}
    grads = {k: p.grad.clone() for k, p in model.named_parameters()}
    params = dict(model.named_parameters())
    if device.type == "meta":
        call_on_meta("sgd", sgd, model, eta, hints=_sgd_hints())
    else:
        call("sgd", sgd, model, eta, where=say(f" (on {device.type})", f" (sur {device.type})"), hints=_sgd_hints())
    now = dict(model.named_parameters())
    if list(now) != list(params) or any(now[k] is not params[k] for k in params):
        raise CheckFailed(say("sgd replaced the model's parameters by new tensors: update each one in place"
                              " (p -= eta * p.grad, or p.sub_(...)) under torch.no_grad(), so that it"
                              " stays the same nn.Parameter.",
                              "sgd a remplacé les paramètres du modèle par de nouveaux tenseurs : mettez chacun à"
                              " jour en place (p -= eta * p.grad, ou p.sub_(...)) sous torch.no_grad(), pour qu'il"
                              " reste le même nn.Parameter."), mistake="new-parameters")
    if device.type == "meta":
        for k, p in now.items():
            if p.device.type != "meta" or (p.grad is not None and p.grad.device.type != "meta"):
                where = p.device.type if p.device.type != "meta" else p.grad.device.type
                raise CheckFailed(say(f"after sgd on a model on 'meta' (standing in for a GPU), {k!r} or its gradient"
                                      f" is on {where}: keep every tensor"
                                      " on the parameters' device (p.grad = None, or p.grad.zero_()).",
                                      f"après sgd sur un modèle sur 'meta' (qui tient lieu de GPU), {k!r} ou son"
                                      f" gradient est sur {where} : gardez chaque tenseur sur le device des"
                                      " paramètres (p.grad = None, ou p.grad.zero_())."),
                                  mistake="ignores-device")
        passed("sgd", say(f"runs on a model on the meta device (standing in for a GPU), {len(now)} parameters kept in"
                          " place",
                          f"s'exécute sur un modèle sur le device meta (qui tient lieu de GPU), {len(now)} paramètres"
                          " gardés en place"))
        return
    unchanged = [k for k, p in now.items() if torch.equal(p.detach(), before[k])]
    if unchanged and len(unchanged) < len(now):
        raise CheckFailed(say(f"sgd updated some parameters but not {unchanged[0]!r}: update every parameter of"
                              " model.parameters(), whatever the model's layers, not a fixed list of them.",
                              f"sgd a mis à jour certains paramètres, mais pas {unchanged[0]!r} : mettez à jour"
                              " chaque paramètre de model.parameters(), quelles que soient les couches du modèle, et"
                              " non une liste fixe d'entre eux."),
                          mistake="hard-coded-layers")
    for k, p in now.items():
        if not (p.requires_grad and p.is_leaf):
            raise CheckFailed(say(f"after sgd, parameter {k!r} no longer requires grad: update it in"
                                  " place under torch.no_grad().",
                                  f"après sgd, le paramètre {k!r} ne requiert plus de gradient : mettez-le à jour en"
                                  " place sous torch.no_grad()."), mistake="loses-requires-grad")
        label = say(f"parameter {k!r} after sgd", f"le paramètre {k!r} après sgd")
        expect_tensor(label, p.detach(), before[k] - eta * grads[k], {
            named("uphill", say(
                "it goes uphill: descent is p - eta * p.grad, not p + eta * p.grad.",
                "il remonte la pente : la descente est p - eta * p.grad, et non p + eta * p.grad.")):
                before[k] + eta * grads[k],
            named("no-eta", say("the learning rate eta is missing: p - eta * p.grad.",
                                "il manque le pas d'apprentissage eta : p - eta * p.grad.")): before[k] - grads[k],
            named("fixed-eta", say(
                f"that is a step with learning rate 0.1, not eta={eta}: use the eta argument.",
                f"c'est une mise à jour avec un pas d'apprentissage de 0.1, et non eta={eta} : utilisez"
                " l'argument eta.")):
                before[k] - 0.1 * grads[k],
            named("not-in-place", say(
                "it was not changed: `p = p - eta * p.grad` only rebinds the loop variable and p.sub(...) returns a"
                " new tensor; update in place under torch.no_grad(): p -= eta * p.grad (or p.sub_(eta * p.grad)),"
                " and zero the gradients after the step, not before.",
                "il n'a pas changé : `p = p - eta * p.grad` ne fait que réaffecter la variable de boucle, et"
                " p.sub(...) renvoie un nouveau tenseur ; mettez à jour en place sous torch.no_grad() :"
                " p -= eta * p.grad (ou p.sub_(eta * p.grad)), et remettez les gradients à zéro après le pas, pas"
                " avant.")): before[k],
        })
    for k, p in now.items():
        if p.grad is not None and p.grad.abs().max().item() > 0:
            raise CheckFailed(say(f"the gradient of {k!r} was not zeroed after the step: backward()"
                                  " adds to p.grad, so the next step would use the sum of all gradients so far. Set"
                                  " p.grad = None (or p.grad.zero_()).",
                                  f"le gradient de {k!r} n'a pas été remis à zéro après le pas : backward() ajoute"
                                  " à p.grad, si bien que le pas suivant utiliserait la somme de tous les gradients"
                                  " jusque-là. Écrivez p.grad = None (ou p.grad.zero_())."),
                              mistake="no-zero-grad")
    passed("sgd", say(f"p - eta * p.grad for the {len(now)} parameters, gradients zeroed (eta={eta},"
                      f" {dtype_on(dtype, device)})",
                      f"p - eta * p.grad pour les {len(now)} paramètres, gradients remis à zéro (eta={eta},"
                      f" {dtype_on(dtype, device)})"))


VISIBLE: dict[str, Callable[[Callable], None]] = {
    "init_model": check_init_model,
    "loss_accuracy": check_loss_accuracy,
    "sgd": check_sgd,
    "MLP": check_MLP,
}
"""The visible check of each graded function or class, by its grade_id."""

check_contract = contract_checker("lab3")
"""Hold a graded function to its whole contract on generated problems (``contracts.lab3``)."""


from ._visible import make_visible  # noqa: E402  (after every check is defined)

make_visible(globals())
