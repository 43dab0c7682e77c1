"""Why scikit-learn wins on penguins (docs/quality.md): its MLP in variants of the issue's pipeline, one change
at a time towards what the service does, on the train/test files of bench/quality_data.py; and how much the
training rows the service holds out (testFraction 0.3, then 10 % for early stopping) would cost scikit-learn.

  default                    the issue's pipeline, MLPClassifier() (as bench/quality.py)
  indicator + missing level  the service's encoding: SimpleImputer(add_indicator=True) on numbers, missing text
                             as its own level
  ... + tanh [32] ...        then the service's network and training settings
  logistic regression        the linear reference, with the service's encoding
  rows 0.7 / 0.63            the default pipeline fitted on a stratified 70 % / 63 % of the train rows

Usage: python3 bench/quality_probe.py [DATASET [LABEL]]   (default penguins species; seeds 1..5, medians)
"""
import sys
import warnings

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.exceptions import ConvergenceWarning
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

warnings.simplefilter("ignore", ConvergenceWarning)
name = sys.argv[1] if len(sys.argv) > 1 else "penguins"
label = sys.argv[2] if len(sys.argv) > 2 else "species"
train = pd.read_csv(f"target/quality-data/{name}/train.csv")
test = pd.read_csv(f"target/quality-data/{name}/test.csv")


def prep(x, ours):
    text = [c for c in x.columns if not pd.api.types.is_numeric_dtype(x[c])]
    numeric = [c for c in x.columns if c not in text]
    fill = (SimpleImputer(strategy="constant", fill_value="(missing)") if ours
            else SimpleImputer(strategy="most_frequent"))
    return ColumnTransformer([("num", make_pipeline(SimpleImputer(add_indicator=ours), StandardScaler()), numeric),
                              ("cat", make_pipeline(fill, OneHotEncoder(handle_unknown="ignore")), text)])


def run(title, ours, make, share=1.0):
    scores = []
    for seed in range(1, 6):
        rows = train if share == 1.0 else train_test_split(train, train_size=share, random_state=seed,
                                                           stratify=train[label])[0]
        x, y = rows.drop(columns=[label]), rows[label].astype(str)
        model = make_pipeline(prep(x, ours), make(seed)).fit(x, y)
        scores.append(float(np.mean(model.predict(test.drop(columns=[label])) == test[label].astype(str))))
    print(f"{title:58s} median {np.median(scores):.4f}  {np.round(scores, 4)}")


run("default", False, lambda s: MLPClassifier(random_state=s))
run("default, on 70 % of the train rows", False, lambda s: MLPClassifier(random_state=s), 0.7)
run("default, on 63 % of the train rows", False, lambda s: MLPClassifier(random_state=s), 0.63)
run("indicator + missing level", True, lambda s: MLPClassifier(random_state=s))
run("indicator + missing level, tanh [32], lr 0.001, batch 200", True,
    lambda s: MLPClassifier((32,), activation="tanh", random_state=s))
run("indicator + missing level, tanh [32], lr 0.01, batch 32, 200 ep", True,
    lambda s: MLPClassifier((32,), activation="tanh", learning_rate_init=0.01, batch_size=32, random_state=s))
run("indicator + missing level, tanh [32], lr 0.01, batch 32, early stop", True,
    lambda s: MLPClassifier((32,), activation="tanh", learning_rate_init=0.01, batch_size=32, max_iter=500,
                            early_stopping=True, validation_fraction=0.1, n_iter_no_change=30, random_state=s))
run("logistic regression, indicator + missing level", True, lambda s: LogisticRegression(max_iter=2000))
run("logistic regression, the issue's pipeline", False, lambda s: LogisticRegression(max_iter=2000))
