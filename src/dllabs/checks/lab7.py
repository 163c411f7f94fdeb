"""Checks of lab 7 (sequences: a recurrent network by hand, then attention): each compares a student's
function with torch (``torch.autograd``, ``F.scaled_dot_product_attention``) and names known mistakes.

Every check takes the student's function and the sizes, dtype, device and seed of a random problem; the
visible tests call them with small fixed sizes, the hidden tests with others. ``device=None`` means CUDA
when available, else CPU; ``device="meta"`` runs shapes only and catches tensors created on a fixed
device, even without a GPU.

``rnn_backward`` is computed by hand (backpropagation through time): a use of torch.autograd, by any
route, fails its check (see ``_no_autograd``).

The references (the RNN over time and its gradients by autograd, attention by
``F.scaled_dot_product_attention``) are the grader's, reached through ``REF`` (see ``_references``).

Notation (a batch of n sequences of T steps): params {"Wxh" (nh, nx), "Whh" (nh, nh), "bh" (nh,)};
X (n, T, nx); h0 (n, nh); h_t = tanh(x_t Wxh^T + h_{t-1} Whh^T + bh), t = 1..T; H (n, T, nh).
Attention: Q (..., Lq, d), K (..., Lk, d), V (..., Lk, dv); weights = softmax(Q K^T / sqrt(d)) over the
keys, masked where ``mask`` is False; a fully masked row gives zero weights and a zero output.
``greedy_decode`` is checked on :class:`ToyTranslator`, a random model with the notebook's interface.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import torch
import torch.nn.functional as F

from ._calling import call
from ._compare import dtype_on, expect_keys, expect_tensor, shape_str
from ._device import call_on_meta, resolve_device, values_device
from ._harness import contract_checker
from ._no_autograd import call_without_autograd
from ._outcome import CheckFailed, named, passed
from ._references import References
from ..language import say

KEYS = ["Wxh", "Whh", "bh"]
GRAD_KEYS = ["Wxh", "Whh", "bh", "X", "h0"]
CACHE_KEYS = ["X", "h0", "H"]

REF = References("lab7")
"""The RNN over time, its gradients by autograd, and attention (see ``_references``)."""


def rnn_problem(n: int, T: int, nx: int, nh: int, dtype: torch.dtype, device: torch.device, seed: int,
                scale: float = 0.5) -> tuple[dict, torch.Tensor, torch.Tensor, torch.Tensor]:
    """Random params (weights of std ``scale``), X (n, T, nx), h0 (n, nh) and dH (n, T, nh), drawn on the CPU
    from ``seed`` then moved (kept on the CPU for 'meta', which holds no values)."""
    device = values_device(device)
    g = torch.Generator().manual_seed(seed)

    def rnd(*shape: int, s: float = 1.0) -> torch.Tensor:
        return (s * torch.randn(*shape, generator=g, dtype=torch.float64)).to(device=device, dtype=dtype)

    params = {"Wxh": rnd(nh, nx, s=scale), "Whh": rnd(nh, nh, s=scale), "bh": rnd(nh, s=scale)}
    return params, rnd(n, T, nx), rnd(n, nh), rnd(n, T, nh)


def _problem_text(n: int, T: int, nx: int, nh: int, dtype: torch.dtype, device: torch.device) -> str:
    return f"n={n}, T={T}, nx={nx}, nh={nh}, {dtype_on(dtype, device)}"


def _on_meta(*items: Any) -> list[Any]:
    """Each tensor (or dict of tensors) of ``items`` moved to 'meta'."""
    return [{k: v.to("meta") for k, v in x.items()} if isinstance(x, dict) else x.to("meta") for x in items]


def _unchanged(name: str, before: dict[str, torch.Tensor], now: dict[str, torch.Tensor]) -> None:
    __tracebackhide__ = True
    changed = [k for k in before if not torch.equal(before[k], now[k])]
    if changed:
        raise CheckFailed(say(f"{name} changed its input {changed[0]} in place: it must leave its arguments as they"
                              " are (use out-of-place operations: a = b + c, not b += c).",
                              f"{name} a modifié son entrée {changed[0]} en place : elle doit laisser ses arguments"
                              " tels quels (utilisez des opérations hors place : a = b + c, et non b += c)."),
                          mistake="changes-input")


# --------------------------------------------------------------------------- rnn_forward
def _forward_hints() -> dict[str, str]:
    """The hint for a shape error in rnn_forward (see ``call``), built when shown."""
    return {
        "cannot be multiplied":  # not shown to students
            say(" Shapes: X[:, t] (n, nx), Wxh (nh, nx), h_{t-1} (n, nh), Whh (nh, nh), bh (nh,):"
                " each term of a_t must be (n, nh).",
                " Formes : X[:, t] (n, nx), Wxh (nh, nx), h_{t-1} (n, nh), Whh (nh, nh), bh (nh,) :"
                " chaque terme de a_t doit être de forme (n, nh)."),
    }


def _forward_mistakes(params: dict, X: torch.Tensor, h0: torch.Tensor) -> dict[str, torch.Tensor]:
    """What known wrong forward passes give, each with the message that names it."""
    Wxh, Whh, bh = (params[k] for k in KEYS)
    return {
        named("ignores-h0", say("it starts from zeros: the first step takes the h0 it is given.",
                                "il part de zéros : le premier pas prend le h0 qui lui est donné.")):
            REF.rnn_forward(params, X, 0 * h0),
        named("whh-not-transposed", say(
            "the recurrence uses h @ Whh where the equation has h_{t-1} Whh^T (Whh maps"
            " h_{t-1} to the next pre-activation as Wxh maps x_t).",
            "la récurrence utilise h @ Whh là où l'équation a h_{t-1} Whh^T (Whh envoie h_{t-1} sur la"
            " pré-activation suivante comme Wxh y envoie x_t).")):
            REF.rnn_forward({**params, "Whh": Whh.T}, X, h0),
        named("no-bias", say("you forgot the bias bh.", "vous avez oublié le biais bh.")):
            REF.rnn_forward({**params, "bh": 0 * bh}, X, h0),
        named("no-recurrence", say(
            "the recurrence is missing: each step ignores h_{t-1}, as if h_t depended on x_t alone.",
            "la récurrence manque : chaque pas ignore h_{t-1}, comme si h_t ne dépendait que de x_t.")):
            REF.rnn_forward({**params, "Whh": 0 * Whh}, X, h0),
    }


def check_rnn_forward(rnn_forward: Callable, n: int = 3, T: int = 5, nx: int = 2, nh: int = 4,
                      dtype: torch.dtype = torch.float64, device: str | torch.device | None = None,
                      seed: int = 0) -> None:
    """H (n, T, nh) against the RNN computed by torch, naming common slips; the cache holds X, h0 and H."""
    __tracebackhide__ = True
    device = resolve_device(device)
    params, X, h0, _ = rnn_problem(n, T, nx, nh, dtype, device, seed)
    expected = REF.rnn_forward(params, X, h0)
    mistakes = _forward_mistakes(params, X, h0) if device.type != "meta" else {}
    if device.type == "meta":
        params, X, h0, expected = _on_meta(params, X, h0, expected)
    before = {**{f"params[{k!r}]": v.clone() for k, v in params.items()}, "X": X.clone(), "h0": h0.clone()}
    caller = call_on_meta if device.type == "meta" else call
    result = caller("rnn_forward", rnn_forward, dict(params), X, h0,
                    where=say(f" (on {device.type})", f" (sur {device.type})"), hints=_forward_hints())
    if device.type != "meta":
        _unchanged("rnn_forward", before, {**{f"params[{k!r}]": v for k, v in params.items()}, "X": X, "h0": h0})
    if not (isinstance(result, tuple) and len(result) == 2):
        kind = type(result).__name__
        raise CheckFailed(say(f"rnn_forward returned a {kind}, expected a pair (H, cache).",
                              f"rnn_forward a renvoyé un {kind}, on attend une paire (H, cache)."))
    H, cache = result
    if isinstance(H, torch.Tensor) and tuple(H.shape) == (n, T + 1, nh):
        raise CheckFailed(say(f"H has shape {shape_str(H.shape)}, expected {shape_str(expected.shape)}: it holds h0"
                              " too; H holds h_1 .. h_T, one per input step.",
                              f"H est de forme {shape_str(H.shape)}, attendu {shape_str(expected.shape)} : il contient"
                              " aussi h0 ; H contient h_1 .. h_T, un par pas d'entrée."), mistake="includes-h0")
    if isinstance(H, torch.Tensor) and tuple(H.shape) == (T, n, nh) and n != T:
        raise CheckFailed(say(f"H has shape {shape_str(H.shape)}, expected {shape_str(expected.shape)}: the batch"
                              " comes first (batch-first, like X): stack the states along dim=1.",
                              f"H est de forme {shape_str(H.shape)}, attendu {shape_str(expected.shape)} : le lot"
                              " vient en premier (batch-first, comme X) : empilez les états selon dim=1."),
                          mistake="time-major")
    expect_tensor(say("H (the first value returned)", "H (la première valeur renvoyée)"), H, expected, mistakes)
    if not isinstance(cache, dict):
        kind = type(cache).__name__
        raise CheckFailed(say(f"cache is a {kind}, expected a dict with at least the keys {CACHE_KEYS}.",
                              f"cache est un {kind}, on attend un dictionnaire avec au moins les clés {CACHE_KEYS}."))
    missing = [k for k in CACHE_KEYS if k not in cache]
    if missing:
        raise CheckFailed(say(f"cache has the keys {sorted(cache)}, but rnn_backward needs {CACHE_KEYS}: missing"
                              f" {missing}.",
                              f"cache a les clés {sorted(cache)}, mais rnn_backward a besoin de {CACHE_KEYS} : il"
                              f" manque {missing}."), mistake="cache-incomplete")
    for key, value in [("X", X), ("h0", h0), ("H", expected)]:
        expect_tensor(f"cache[{key!r}]", cache[key], value)
    problem = _problem_text(n, T, nx, nh, dtype, device)
    passed("rnn_forward", say(f"every hidden state equals torch's ({problem})",
                              f"chaque état caché est égal à celui de torch ({problem})"))


# --------------------------------------------------------------------------- rnn_backward
def _backward_hints() -> dict[str, str]:
    """The hint for a shape error in rnn_backward (see ``call``), built when shown."""
    return {
        "cannot be multiplied":  # not shown to students
            say(" Shapes: g_t = dL/da_t (n, nh), X[:, t] (n, nx), h_{t-1} (n, nh), Wxh (nh, nx),"
                " Whh (nh, nh): each gradient has the shape of what it is the gradient of.",
                " Formes : g_t = dL/da_t (n, nh), X[:, t] (n, nx), h_{t-1} (n, nh), Wxh (nh, nx),"
                " Whh (nh, nh) : chaque gradient a la forme de ce dont il est le gradient."),
    }


def _step_mistakes(H: torch.Tensor, h0: torch.Tensor, da: torch.Tensor) -> dict[str, torch.Tensor]:
    """dWhh of two known slips, from autograd's g_t = dL/da_t (n, T, nh): h_t in place of h_{t-1}, h0 left out."""
    previous = torch.cat([h0[:, None], H[:, :-1]], dim=1)
    return {named("dwhh-with-h-t", say(
                "dWhh pairs g_t with h_t: step t multiplies h_{t-1} by Whh, so h_{t-1} is the input to pair g_t with.",
                "dWhh associe g_t à h_t : le pas t multiplie h_{t-1} par Whh, c'est donc h_{t-1}, l'entrée, qu'il"
                " faut associer à g_t.")):
            torch.einsum("nti,ntj->ij", da, H),
            named("dwhh-without-h0", say(
                "dWhh leaves out the first step: its h_{t-1} is h0 (given, not zero), so it counts too.",
                "dWhh omet le premier pas : son h_{t-1} est h0 (donné, non nul), il compte donc aussi.")):
            torch.einsum("nti,ntj->ij", da[:, 1:], previous[:, 1:])}


def _backward_mistakes(params: dict, X: torch.Tensor, h0: torch.Tensor, dH: torch.Tensor,
                       H: torch.Tensor) -> dict[str, dict[str, torch.Tensor]]:
    """Per gradient key, what known wrong BPTT passes give, each with the message that names it."""
    variants = {
        named("no-tanh-derivative", say(
            "the tanh derivative is missing: g_t = dL/da_t needs tanh'(a_t), elementwise.",
            "il manque la dérivée de tanh : g_t = dL/da_t demande tanh'(a_t), terme à terme.")): "missing",
        named("derivative-of-a", say(
            "the derivative of tanh is taken as 1 - a_t**2: tanh'(a) is 1 - tanh(a)**2, and"
            " tanh(a_t) is a state you already have.",
            "la dérivée de tanh est prise égale à 1 - a_t**2 : tanh'(a) vaut 1 - tanh(a)**2, et"
            " tanh(a_t) est un état que vous avez déjà.")): "of_a",
        named("no-carry", say(
            "no gradient flows back through time: dL/dh_{t-1} also gets what step t sends back"
            " through Whh, added to dH[:, t-1] (iterate t from T down to 1, carrying it).",
            "aucun gradient ne remonte le temps : dL/dh_{t-1} reçoit aussi ce que le pas t renvoie à travers Whh,"
            " ajouté à dH[:, t-1] (parcourez t de T à 1 en le transportant).")): "no_carry",
        named("carry-whh-transposed", say(
            "the gradient sent back through time uses Whh.T: h_{t-1} enters step t as h_{t-1}"
            " Whh^T, so lab 1's rule for dL/dx of a linear layer applies with Whh as it is.",
            "le gradient renvoyé dans le temps utilise Whh.T : h_{t-1} entre dans le pas t sous la forme h_{t-1}"
            " Whh^T, donc la règle du TP 1 pour le dL/dx d'une couche linéaire s'applique avec Whh tel quel.")):
            "carry_transposed",
    }
    mistakes: dict[str, dict[str, torch.Tensor]] = {k: {} for k in GRAD_KEYS}
    for message, variant in variants.items():
        for k, v in REF.rnn_grads(params, X, h0, dH, variant).items():
            mistakes[k][message] = v
    last = torch.zeros_like(dH)
    last[:, -1] = dH[:, -1]
    for k, v in REF.rnn_grads(params, X, h0, last).items():
        mistakes[k][named("last-dh-only", say(
            "it uses dH at the last step only: every step's dH[:, t] is added to the gradient carried back from step"
            " t+1.",
            "il n'utilise dH qu'au dernier pas : le dH[:, t] de chaque pas s'ajoute au gradient ramené depuis le pas"
            " t+1."))] = v
    errors = REF.rnn_step_errors(params, X, h0, dH)
    mistakes["Whh"].update(_step_mistakes(H, h0, errors))
    mistakes["bh"][named("bh-one-step", say(
        "dbh holds one step's gradient only: bh is used at every step, so its gradient sums g_t over the steps (and"
        " the batch); add to it in the loop instead of overwriting it.",
        "dbh ne contient le gradient que d'un seul pas : bh sert à chaque pas, son gradient somme donc g_t sur les"
        " pas (et sur le lot) ; ajoutez-y dans la boucle au lieu de l'écraser."))] = errors[:, 0].sum(dim=0)
    return mistakes


def check_rnn_backward(rnn_backward: Callable, n: int = 3, T: int = 6, nx: int = 2, nh: int = 4,
                       dtype: torch.dtype = torch.float64, device: str | torch.device | None = None,
                       seed: int = 0) -> None:
    """The five gradients (Wxh, Whh, bh, X, h0) against torch.autograd's, on a cache computed by torch."""
    __tracebackhide__ = True
    device = resolve_device(device)
    params, X, h0, dH = rnn_problem(n, T, nx, nh, dtype, device, seed)
    with torch.no_grad():
        H = REF.rnn_forward(params, X, h0)
    expected = REF.rnn_grads(params, X, h0, dH)
    mistakes = _backward_mistakes(params, X, h0, dH, H) if device.type != "meta" else {k: {} for k in GRAD_KEYS}
    if device.type == "meta":
        params, X, h0, dH, H, expected = _on_meta(params, X, h0, dH, H, expected)
    cache = {"X": X, "h0": h0, "H": H}
    before = {**{f"params[{k!r}]": v.clone() for k, v in params.items()},
              **{f"cache[{k!r}]": v.clone() for k, v in cache.items()}, "dH": dH.clone()}
    grads = call_without_autograd("rnn_backward", rnn_backward, dict(params), dict(cache), dH,
                                  where=say(f" (on {device.type})", f" (sur {device.type})"),
                                  hints=_backward_hints())
    if device.type != "meta":
        _unchanged("rnn_backward", before, {**{f"params[{k!r}]": v for k, v in params.items()},
                                            **{f"cache[{k!r}]": v for k, v in cache.items()}, "dH": dH})
    expect_keys("grads", grads, GRAD_KEYS)
    for key in ["bh", "Wxh", "Whh", "X", "h0"]:
        expect_tensor(f"grads[{key!r}]", grads[key], expected[key], mistakes[key])
    problem = _problem_text(n, T, nx, nh, dtype, device)
    passed("rnn_backward", say(f"the 5 gradients equal torch.autograd's ({problem})",
                               f"les 5 gradients sont égaux à ceux de torch.autograd ({problem})"))


# --------------------------------------------------------------------------- attention
MASKS = ("none", "causal", "padding")


def attention_problem(n: int, Lq: int, Lk: int, d: int, dv: int, dtype: torch.dtype, device: torch.device, seed: int,
                      masked: str = "none", scale: float = 1.0) -> tuple[torch.Tensor, ...]:
    """Q (n, Lq, d), K (n, Lk, d), V (n, Lk, dv) and a boolean mask (or None): "causal" (query i sees keys
    j <= i), "padding" (each sequence's last keys hidden; the first query of the first sequence sees no key:
    a fully masked row). ``scale`` multiplies Q and K (scores of size scale^2 sqrt(d))."""
    device = values_device(device)
    g = torch.Generator().manual_seed(seed)

    def rnd(*shape: int) -> torch.Tensor:
        return (scale * torch.randn(*shape, generator=g, dtype=torch.float64)).to(device=device, dtype=dtype)

    Q, K = rnd(n, Lq, d), rnd(n, Lk, d)
    V = (torch.randn(n, Lk, dv, generator=g, dtype=torch.float64)).to(device=device, dtype=dtype)
    mask = None
    if masked == "causal":
        mask = torch.ones(Lq, Lk, dtype=torch.bool, device=device).tril()
    elif masked == "padding":
        lengths = torch.randint(1, Lk + 1, (n,), generator=g)
        mask = (torch.arange(Lk)[None, None, :] < lengths[:, None, None]).expand(n, Lq, Lk).clone()
        mask[0, 0] = False
        mask = mask.to(device)
    return Q, K, V, mask


def _attention_mistakes(Q: torch.Tensor, K: torch.Tensor, V: torch.Tensor,
                        mask: torch.Tensor | None) -> dict[str, tuple[torch.Tensor, torch.Tensor]]:
    """(out, weights) of known wrong attentions, each with the message that names it."""
    d, dv, Lk = Q.shape[-1], V.shape[-1], K.shape[-2]
    mistakes = {
        named("no-scale", say("the scores are not scaled: divide Q K^T by sqrt(d) (d = Q.shape[-1]).",
                              "les scores ne sont pas mis à l'échelle : divisez Q K^T par sqrt(d) (d = Q.shape[-1]).")):
            REF.attention_scaled(Q, K, V, mask, 1.0),
        named("scale-by-d", say("the scores are divided by d: the scale is 1 / sqrt(d).",
                                "les scores sont divisés par d : le facteur d'échelle est 1 / sqrt(d).")):
            REF.attention_scaled(Q, K, V, mask, 1 / d),
    }
    if dv != d:
        mistakes[named("scale-by-dv", say(
            "the scores are divided by sqrt(dv) (V's width): the scale is 1 / sqrt(d), d = Q.shape[-1].",
            "les scores sont divisés par sqrt(dv) (la largeur de V) : le facteur d'échelle est 1 / sqrt(d),"
            " d = Q.shape[-1]."))] = \
            REF.attention_scaled(Q, K, V, mask, 1 / math.sqrt(dv))
    scores = Q @ K.transpose(-2, -1) / math.sqrt(d)
    if mask is None:
        over_queries = torch.softmax(scores, dim=-2)
        mistakes[named("softmax-over-queries", say(
            "softmax over the wrong axis: each query's weights (a row, over the keys) sum to 1; use dim=-1.",
            "softmax selon le mauvais axe : les poids de chaque requête (une ligne, sur les clés) somment à 1 ;"
            " utilisez dim=-1."))] = (over_queries @ V, over_queries)
        return mistakes
    inverted = REF.attention(Q, K, V, ~mask)
    mistakes[named("mask-inverted", say(
        "the mask is inverted: True marks the keys a query MAY look at (as in"
        " F.scaled_dot_product_attention), so fill the scores where mask is False.",
        "le masque est inversé : True marque les clés qu'une requête PEUT regarder (comme dans"
        " F.scaled_dot_product_attention) ; remplissez donc les scores là où mask vaut False."))] = inverted
    empty = ~mask.any(dim=-1, keepdim=True)
    if bool(empty.any()):
        out, weights = REF.attention(Q, K, V, mask)
        uniform = torch.full_like(weights, 1 / Lk)
        mistakes[named("masked-row-uniform", say(
            "a fully masked row gets uniform weights (masked_fill with -1e9, then softmax): the lab's convention is"
            " zero weights and a zero output for a query that sees no key.",
            "une ligne entièrement masquée reçoit des poids uniformes (masked_fill avec -1e9, puis softmax) : la"
            " convention du TP est des poids nuls et une sortie nulle pour une requête qui ne voit aucune clé."))] = \
            (torch.where(empty, V.mean(dim=-2, keepdim=True).expand_as(out), out), torch.where(empty, uniform, weights))
    return mistakes


def _judge_attention(result: Any, expected: tuple[torch.Tensor, torch.Tensor], mask: torch.Tensor | None,
                     mistakes: dict[str, tuple[torch.Tensor, torch.Tensor]], where: str, large: bool) -> None:
    __tracebackhide__ = True
    if not (isinstance(result, tuple) and len(result) == 2):
        kind = type(result).__name__
        raise CheckFailed(say(f"attention returned a {kind}{where}, expected a pair (out, weights).",
                              f"attention a renvoyé un {kind}{where}, on attend une paire (out, weights)."))
    for i, name in enumerate(["weights", "out"]):
        j = 1 - i
        found = result[j]
        if isinstance(found, torch.Tensor) and found.device.type != "meta" and mask is not None \
                and found.shape == expected[j].shape and not torch.isfinite(found.detach()).all():
            empty = ~mask.any(dim=-1)
            bad = ~torch.isfinite(found.detach()).reshape(*found.shape[:-1], -1).all(dim=-1)
            if bool(empty.any()) and bool((bad <= empty.expand_as(bad)).all()):
                raise CheckFailed(say(f"{name} holds NaN in the rows of queries that see no key{where}: softmax of a"
                                      " row that is all -inf is 0/0. The lab's convention is zero weights and a zero"
                                      " output there (F.scaled_dot_product_attention's output is zero too): find"
                                      " those rows from the mask alone and zero them.",
                                      f"{name} contient des NaN dans les lignes des requêtes qui ne voient aucune"
                                      f" clé{where} : le softmax d'une ligne entièrement à -inf vaut 0/0. La"
                                      " convention du TP est des poids nuls et une sortie nulle à cet endroit (la"
                                      " sortie de F.scaled_dot_product_attention y est nulle aussi) : trouvez ces"
                                      " lignes à partir du masque seul et mettez-les à zéro."),
                                  mistake="masked-row-nan")
        if large and isinstance(found, torch.Tensor) and found.device.type != "meta" \
                and found.shape == expected[j].shape and not torch.isfinite(found.detach()).all():
            raise CheckFailed(say(f"{name} holds NaN or inf{where}: exp() of scores in the thousands overflows"
                                  " float32 (past about 88). Subtract each row's max from the scores before exp (the"
                                  " weights do not change), or use torch.softmax, which does.",
                                  f"{name} contient des NaN ou des inf{where} : exp() de scores de l'ordre du millier"
                                  " dépasse la capacité de float32 (au-delà d'environ 88). Soustrayez des scores le"
                                  " maximum de chaque ligne avant exp (les poids ne changent pas), ou utilisez"
                                  " torch.softmax, qui le fait."), mistake="softmax-overflow")
        expect_tensor(f"{name}{where}", found, expected[j], {m: w[j] for m, w in mistakes.items()})


def check_attention(attention: Callable, n: int = 2, Lq: int = 3, Lk: int = 4, d: int = 6, dv: int = 2,
                    dtype: torch.dtype = torch.float64, device: str | torch.device | None = None,
                    seed: int = 0, masks: tuple[str, ...] = MASKS, large: bool = True) -> None:
    """(out, weights) against F.scaled_dot_product_attention: without a mask, with a causal mask, with a
    padding mask that leaves a query no key (zeros there), and with large float32 scores (no overflow)."""
    __tracebackhide__ = True
    device = resolve_device(device)
    cases = [(masked, 1.0, dtype) for masked in masks]
    if large:
        cases.append(("causal", 30.0, torch.float32))
    for masked, scale, dt in cases:
        Q, K, V, mask = attention_problem(n, Lq, Lk, d, dv, dt, device, seed, masked, scale)
        expected = REF.attention(Q, K, V, mask)
        mistakes = _attention_mistakes(Q, K, V, mask) if device.type != "meta" else {}
        if device.type == "meta":
            Q, K, V, *expected = _on_meta(Q, K, V, *expected)
            mask = None if mask is None else mask.to("meta")
        what = say(f"mask {masked}", f"masque {masked}")
        if scale > 1:
            top = f"{scale**2 * math.sqrt(d):.0f}"
            what += say(f", scores up to {top}", f", scores jusqu'à {top}")
        where = f" ({what}, {dtype_on(dt, device)})"
        args = [t.clone() for t in (Q, K, V)]
        result = (call_on_meta if device.type == "meta" else call)("attention", attention, Q, K, V, mask, where=where)
        if device.type != "meta":
            _unchanged("attention", dict(zip("QKV", args)), dict(zip("QKV", (Q, K, V))))
        _judge_attention(result, tuple(expected), mask, mistakes, where, scale > 1)
    passed("attention", say(f"out and weights equal F.scaled_dot_product_attention's (n={n}, Lq={Lq}, Lk={Lk},"
                            f" d={d}, dv={dv}; masks: {', '.join(masks)}{'; large float32 scores' if large else ''};"
                            f" {dtype_on(dtype, device)})",
                            f"out et weights égaux à ceux de F.scaled_dot_product_attention (n={n}, Lq={Lq}, Lk={Lk},"
                            f" d={d}, dv={dv} ; masques : {', '.join(masks)}"
                            f"{' ; grands scores en float32' if large else ''} ; {dtype_on(dtype, device)})"))


# --------------------------------------------------------------------------- greedy_decode
class ToyTranslator(torch.nn.Module):
    """A small encoder-decoder with attention and random weights, with the interface of the notebook's model:
    ``encode(X) -> (memory (n, L, nh), state (n, nh), mask (n, L))`` and ``step(y_prev (n,), state, memory, mask)
    -> (logits (n, n_out), state, weights (n, L))``; X holds token indices, 0 being padding."""

    def __init__(self, n_in: int, n_out: int, nh: int, seed: int, dtype: torch.dtype = torch.float64) -> None:
        super().__init__()
        g = torch.Generator().manual_seed(seed)

        def p(*shape: int, s: float = 1.0) -> torch.nn.Parameter:
            return torch.nn.Parameter((s * torch.randn(*shape, generator=g, dtype=torch.float64)).to(dtype))

        self.E_in, self.E_out = p(n_in, nh), p(n_out, nh)
        self.W, self.U, self.D = p(nh, nh, s=0.5), p(nh, nh, s=0.5), p(nh, n_out, s=3.0)

    def encode(self, X: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        memory = torch.tanh(self.E_in[X])
        mask = X != 0
        state = (memory * mask[..., None]).sum(dim=1) / mask.sum(dim=1, keepdim=True).clamp_min(1)
        return memory, state, mask

    def step(self, y_prev: torch.Tensor, state: torch.Tensor, memory: torch.Tensor,
             mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        # (torch's attention with the identity as values returns the weights: the lab's answer stays the student's)
        eye = torch.eye(memory.shape[1], dtype=memory.dtype, device=memory.device).expand(len(memory), -1, -1)
        weights = F.scaled_dot_product_attention(state[:, None], memory, eye, attn_mask=mask[:, None])[:, 0]
        context = (weights[:, :, None] * memory).sum(dim=1)
        one_hot = (y_prev[:, None] == torch.arange(self.E_out.shape[0], device=state.device)).to(state.dtype)
        state = torch.tanh(one_hot @ self.E_out + context @ self.W + state @ self.U)  # an embedding of y_prev
        return state @ self.D, state, weights


def decode_problem(n: int, L: int, n_in: int, n_out: int, nh: int, dtype: torch.dtype, device: torch.device,
                   seed: int) -> tuple[ToyTranslator, torch.Tensor]:
    """A toy model (random weights from ``seed``) and X (n, L) of tokens in 1..n_in-1, each row padded with 0
    after a random length >= 1."""
    g = torch.Generator().manual_seed(seed + 1)
    X = torch.randint(1, n_in, (n, L), generator=g)
    lengths = torch.randint(1, L + 1, (n,), generator=g)
    X = X.masked_fill(torch.arange(L)[None, :] >= lengths[:, None], 0)
    model = ToyTranslator(n_in, n_out, nh, seed, dtype)
    return model.to(values_device(device)), X.to(values_device(device))


def _decode_mistakes() -> dict[str, str]:
    """The reference decoding's variants (``REF.greedy_decode``'s last argument) and the message naming each,
    built when shown."""
    return {
        "always_bos": named("always-bos", say(
            "every step is fed bos: feed each step the token the previous one chose (its most probable token).",
            "chaque pas reçoit bos : donnez à chaque pas le jeton que le précédent a choisi (son jeton le plus"
            " probable).")),
        "start_zero": named("start-not-bos", say(
            "the first step is fed token 0, not bos: the first input is one bos per sequence.",
            "le premier pas reçoit le jeton 0, et non bos : la première entrée est un bos par séquence.")),
        "no_state": named("state-not-kept", say(
            "the state is never updated: keep the state that model.step returns for the next step.",
            "l'état n'est jamais mis à jour : gardez l'état que renvoie model.step pour le pas suivant.")),
    }


def _judge_tokens(tokens: Any, expected: torch.Tensor, mistakes: dict[str, torch.Tensor], n: int, steps: int) -> None:
    __tracebackhide__ = True
    if isinstance(tokens, torch.Tensor) and tokens.dim() == 3:
        raise CheckFailed(say(f"tokens has shape {shape_str(tokens.shape)}: those are logits; the tokens are their"
                              " argmax over the vocabulary (dim=-1), one per step.",
                              f"tokens est de forme {shape_str(tokens.shape)} : ce sont des logits ; les jetons sont"
                              " leur argmax sur le vocabulaire (dim=-1), un par pas."), mistake="returns-logits")
    if isinstance(tokens, torch.Tensor) and tuple(tokens.shape) == (n, steps + 1):
        raise CheckFailed(say(f"tokens has shape {shape_str(tokens.shape)}, expected (n, steps) = {(n, steps)}: it"
                              " holds the bos token too; return the steps' choices only.",
                              f"tokens est de forme {shape_str(tokens.shape)}, attendu (n, steps) = {(n, steps)} :"
                              " il contient aussi le jeton bos ; ne renvoyez que les choix des pas."),
                          mistake="includes-bos")
    if isinstance(tokens, torch.Tensor) and tuple(tokens.shape) == (steps, n) and n != steps:
        raise CheckFailed(say(f"tokens has shape {shape_str(tokens.shape)}, expected {(n, steps)}: batch first, stack"
                              " the steps along dim=1.",
                              f"tokens est de forme {shape_str(tokens.shape)}, attendu {(n, steps)} : le lot en"
                              " premier, empilez les pas selon dim=1."), mistake="time-major")
    expect_tensor(say("tokens (the first value returned)", "tokens (la première valeur renvoyée)"), tokens, expected,
                  mistakes)


def check_greedy_decode(greedy_decode: Callable, n: int = 4, L: int = 7, steps: int = 6, n_in: int = 9,
                        n_out: int = 5, nh: int = 8, bos: int = 2, dtype: torch.dtype = torch.float64,
                        device: str | torch.device | None = None, seed: int = 0) -> None:
    """Tokens and attention weights against the reference greedy decoding of a toy model with attention."""
    __tracebackhide__ = True
    device = resolve_device(device)
    model, X = decode_problem(n, L, n_in, n_out, nh, dtype, device, seed)
    expected = REF.greedy_decode(model, X, steps, bos)
    mistakes = {m: REF.greedy_decode(model, X, steps, bos, v)[0] for v, m in _decode_mistakes().items()} \
        if device.type != "meta" else {}
    if device.type == "meta":
        model, X, *expected = model.to("meta"), X.to("meta"), *_on_meta(*expected)
    model.train()
    before = {k: v.detach().clone() for k, v in model.state_dict().items()}
    caller = call_on_meta if device.type == "meta" else call
    result = caller("greedy_decode", greedy_decode, model, X, steps, bos,
                    where=say(f" (on {device.type})", f" (sur {device.type})"))
    if not model.training:
        raise CheckFailed(say("greedy_decode left the model in eval mode: it was given in train mode (the caller's"
                              " choice, as in part 3's loop); leave the mode as it was.",
                              "greedy_decode a laissé le modèle en mode eval : il lui a été donné en mode train (le"
                              " choix de l'appelant, comme dans la boucle de la partie 3) ; laissez le mode tel"
                              " quel."), mistake="mode-changed")
    if device.type != "meta" and any(not torch.equal(before[k], v) for k, v in model.state_dict().items()):
        raise CheckFailed(say("greedy_decode changed the model's parameters: decoding only reads them.",
                              "greedy_decode a modifié les paramètres du modèle : le décodage ne fait que les lire."),
                          mistake="parameters-changed")
    if not (isinstance(result, tuple) and len(result) == 2):
        kind = type(result).__name__
        raise CheckFailed(say(f"greedy_decode returned a {kind}, expected a pair (tokens, weights).",
                              f"greedy_decode a renvoyé un {kind}, on attend une paire (tokens, weights)."))
    tokens, weights = result
    _judge_tokens(tokens, expected[0], mistakes, n, steps)
    if isinstance(weights, torch.Tensor) and (weights.requires_grad or weights.grad_fn is not None):
        raise CheckFailed(say("weights still carries an autograd graph (requires_grad=True): decoding needs no"
                              " gradient; run it under torch.no_grad().",
                              "weights porte encore un graphe autograd (requires_grad=True) : le décodage n'a besoin"
                              " d'aucun gradient ; exécutez-le sous torch.no_grad()."), mistake="decodes-with-grad")
    expect_tensor(say("weights (the second value returned)", "weights (la deuxième valeur renvoyée)"), weights,
                  expected[1])
    passed("greedy_decode", say(f"the tokens and attention weights of greedy decoding (n={n}, L={L}, steps={steps},"
                                f" bos={bos}, {dtype_on(dtype, device)})",
                                f"les jetons et les poids d'attention du décodage glouton (n={n}, L={L},"
                                f" steps={steps}, bos={bos}, {dtype_on(dtype, device)})"))


VISIBLE: dict[str, Callable[[Callable], None]] = {
    "rnn_forward": check_rnn_forward,
    "rnn_backward": check_rnn_backward,
    "attention": check_attention,
    "greedy_decode": check_greedy_decode,
}
"""The visible check of each graded function, by its grade_id."""

check_contract = contract_checker("lab7")
"""``check_contract(name, fn)``: ``fn`` held to its whole contract on generated problems (hidden tests)."""


from ._visible import make_visible  # noqa: E402  (after every check is defined)

make_visible(globals())
