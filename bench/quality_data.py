"""Realistic mixed-type datasets for the quality comparison (docs/quality.md), generated deterministically.

Each dataset is written as DIR/<name>/train.csv (what is uploaded and trained on) and DIR/<name>/test.csv
(held out: never uploaded for training, only predicted and scored). The label is the last column and is
named in DATASETS below. Every label depends on categorical columns as well as numeric ones (so one-hot
matters), numeric columns have missing cells (written as empty or NA), categorical values are text.

  passengers  classification, 2 classes  sex, class as text 1st/2nd/3rd, age (NA), fare, embarked (empty)
  penguins    classification, 3 species   island decides which species can live there, NA measurements
  diamonds    regression, price           carat, cut, color, clarity (text), depth/table (NA); log-linear
                                          price with a carat x clarity interaction and noise, at most $20 000
  cars        regression, mpg             origin, cylinders, displacement, horsepower (NA), weight; mpg
                                          ~ 1/(fuel per mile), which depends on weight and origin
  plans       classification, 4 plans     30 000 + 10 000 rows, 9 numeric and 6 categorical columns, NA
                                          cells; a customer's choice by a multinomial logit whose utilities
                                          are non-linear in age/income/usage and interact with region/device

Usage: python3 bench/quality_data.py [DIR [OFFSET]]   (default target/quality-data and 0; same seed, same bytes;
       another OFFSET draws fresh data from the same rules)
"""
import csv
import os
import sys

import numpy as np

DATASETS = {  # name: (task, label column)
    "passengers": ("classification", "survived"),
    "penguins": ("classification", "species"),
    "diamonds": ("regression", "price"),
    "cars": ("regression", "mpg"),
    "plans": ("classification", "plan"),
}


def na(rng, values, share, marker="NA"):
    """values as text, with `share` of them replaced by a missing marker."""
    out = []
    for v in values:
        out.append(marker if rng.random() < share else v)
    return out


def fmt(x, digits=2):
    return f"{x:.{digits}f}"


def passengers(rng, n):
    pclass = rng.choice(["1st", "2nd", "3rd"], n, p=[0.24, 0.21, 0.55])
    sex = rng.choice(["male", "female"], n, p=[0.64, 0.36])
    age = np.clip(rng.normal(30, 14, n), 0.4, 80)
    sibsp = rng.choice([0, 1, 2, 3, 4, 5], n, p=[0.68, 0.23, 0.04, 0.02, 0.02, 0.01])
    parch = rng.choice([0, 1, 2, 3, 4], n, p=[0.76, 0.13, 0.09, 0.01, 0.01])
    base = np.where(pclass == "1st", 4.2, np.where(pclass == "2nd", 3.0, 2.2))
    fare = np.exp(base + 0.15 * (sibsp + parch) + rng.normal(0, 0.45, n))
    embarked = np.where(pclass == "1st", rng.choice(["S", "C", "Q"], n, p=[0.6, 0.38, 0.02]),
                        rng.choice(["S", "C", "Q"], n, p=[0.75, 0.12, 0.13]))
    female = sex == "female"
    cls = np.where(pclass == "1st", 0, np.where(pclass == "2nd", 1, 2))
    # women and children first, by class; third-class women fare much worse; large families worse
    logit = (-1.1 + 2.6 * female - np.array([0.0, 0.9, 1.9])[cls] - 0.028 * (age - 30)
             + 1.4 * (age < 10) * (cls < 2) - 1.3 * female * (cls == 2)
             - 0.45 * np.maximum(sibsp + parch - 2, 0) + 0.35 * (embarked == "C") + 0.15 * np.log(fare))
    survived = np.where(rng.random(n) < 1 / (1 + np.exp(-logit)), "yes", "no")
    RULE["passengers"] = (survived == np.where(logit > 0, "yes", "no"))
    # age is missing far more often in 3rd class, as in the real list
    age_missing = rng.random(n) < np.where(cls == 2, 0.28, 0.1)
    age_text = ["NA" if m else fmt(a, 1) for a, m in zip(age, age_missing)]
    embarked_text = ["" if rng.random() < 0.01 else e for e in embarked]
    header = ["pclass", "sex", "age", "sibsp", "parch", "fare", "embarked", "survived"]
    rows = zip(pclass, sex, age_text, sibsp, parch, [fmt(f) for f in fare], embarked_text, survived)
    return header, rows


def penguins(rng, n):
    island = rng.choice(["Biscoe", "Dream", "Torgersen"], n, p=[0.49, 0.36, 0.15])
    species = np.empty(n, dtype=object)
    for i, isl in enumerate(island):
        if isl == "Biscoe":
            species[i] = rng.choice(["Adelie", "Gentoo"], p=[0.27, 0.73])
        elif isl == "Dream":
            species[i] = rng.choice(["Adelie", "Chinstrap"], p=[0.45, 0.55])
        else:
            species[i] = "Adelie"
    sex = rng.choice(["male", "female"], n)
    male = sex == "male"
    means = {  # bill length, bill depth, flipper, body mass (a survey with wide spread, so classes overlap)
        "Adelie": (38.8, 18.3, 190.0, 3700.0),
        "Chinstrap": (45.5, 18.4, 195.8, 3733.0),
        "Gentoo": (45.5, 15.0, 217.2, 5076.0),
    }
    sd = (3.4, 1.2, 8.0, 480.0)
    sex_shift = (2.0, 1.0, 4.5, 500.0)
    cols = []
    for k in range(4):
        mu = np.array([means[s][k] for s in species])
        cols.append(mu + (male - 0.5) * sex_shift[k] + rng.normal(0, sd[k], n))
    year = rng.choice([2007, 2008, 2009], n)
    digits = (1, 1, 0, 0)
    measured = [na(rng, [fmt(v, digits[k]) for v in cols[k]], 0.04) for k in range(4)]
    sex_text = na(rng, list(sex), 0.03)
    header = ["island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "sex", "year",
              "species"]
    return header, zip(island, *measured, sex_text, year, species)


def diamonds(rng, n_wanted):
    # a retailer's listing: stones above $20 000 are not on it (as in the real table, which ends at $18 823),
    # so more are drawn and the first n_wanted under the cap kept
    n = int(n_wanted * 1.2)
    cuts = ["Fair", "Good", "Very Good", "Premium", "Ideal"]
    colors = ["D", "E", "F", "G", "H", "I", "J"]
    clarities = ["I1", "SI2", "SI1", "VS2", "VS1", "VVS2", "VVS1", "IF"]
    carat = np.clip(np.exp(rng.normal(-0.4, 0.45, n)), 0.2, 3.0)
    cut = rng.choice(5, n, p=[0.03, 0.09, 0.22, 0.26, 0.40])
    color = rng.choice(7, n, p=[0.13, 0.18, 0.18, 0.21, 0.15, 0.10, 0.05])
    clarity = rng.choice(8, n, p=[0.02, 0.17, 0.24, 0.23, 0.15, 0.09, 0.07, 0.03])
    depth = np.where(cut >= 3, rng.normal(61.7, 0.9, n), rng.normal(62.3, 2.0, n))
    table = np.where(cut == 4, rng.normal(56.0, 1.0, n), rng.normal(58.5, 2.0, n))
    cut_effect = np.array([-0.25, -0.12, -0.03, 0.02, 0.07])[cut]
    color_effect = np.array([0.25, 0.2, 0.16, 0.1, 0.0, -0.12, -0.3])[color]
    clarity_effect = np.array([-0.75, -0.3, -0.15, 0.0, 0.07, 0.15, 0.22, 0.3])[clarity]
    # larger stones are worth more per carat, and clarity matters more the bigger the stone
    log_price = (8.35 + 1.75 * np.log(carat) + cut_effect + color_effect + clarity_effect * (0.6 + 0.4 * carat)
                 - 0.04 * np.abs(depth - 61.8) + rng.normal(0, 0.12, n))
    price = np.round(np.exp(log_price))
    listed = np.flatnonzero(price <= 20000)[:n_wanted]
    carat, cut, color, clarity, depth, table, price = (a[listed] for a in (carat, cut, color, clarity, depth, table,
                                                                            price))
    header = ["carat", "cut", "color", "clarity", "depth", "table", "price"]
    rows = zip([fmt(c) for c in carat], [cuts[c] for c in cut], [colors[c] for c in color],
               [clarities[c] for c in clarity], na(rng, [fmt(d, 1) for d in depth], 0.03, ""),
               na(rng, [fmt(t, 0) for t in table], 0.03), [f"{p:.0f}" for p in price])
    return header, rows


def cars(rng, n):
    origin = rng.choice(["USA", "Europe", "Japan"], n, p=[0.62, 0.18, 0.2])
    usa = origin == "USA"
    cylinders = np.where(usa, rng.choice([4, 6, 8], n, p=[0.3, 0.3, 0.4]),
                         rng.choice([3, 4, 5, 6], n, p=[0.02, 0.86, 0.04, 0.08]))
    displacement = cylinders * np.where(usa, rng.normal(40, 6, n), rng.normal(27, 4, n))
    horsepower = 20 + 0.55 * displacement + rng.normal(0, 10, n)
    weight = 1400 + 7.5 * displacement + np.where(usa, 250, 0) + rng.normal(0, 250, n)
    acceleration = np.clip(22 - 0.04 * horsepower + rng.normal(0, 1.6, n), 8, 25)
    year = rng.integers(70, 83, n)
    # fuel per mile grows with weight and power, falls with the model year; Japanese engines most frugal
    gallons_per_100mi = (1.0 + 0.0011 * weight + 0.006 * horsepower - 0.06 * (year - 70)
                         - np.where(origin == "Japan", 0.45, np.where(origin == "Europe", 0.2, 0.0)))
    mpg = 100 / np.maximum(gallons_per_100mi, 1.6) * np.exp(rng.normal(0, 0.07, n))
    header = ["origin", "cylinders", "displacement", "horsepower", "weight", "acceleration", "model_year", "mpg"]
    rows = zip(origin, cylinders, [fmt(d, 0) for d in displacement],
               na(rng, [fmt(h, 0) for h in horsepower], 0.03), [fmt(w, 0) for w in weight],
               [fmt(a, 1) for a in acceleration], year, [fmt(m, 1) for m in mpg])
    return header, rows


def plans(rng, n):
    regions = ["north", "south", "east", "west", "central", "coast", "mountain", "islands"]
    devices = ["android", "iphone", "feature-phone", "tablet"]
    channels = ["web", "store", "phone", "partner"]
    payments = ["card", "debit", "invoice", "prepaid"]
    contracts = ["monthly", "annual", "two-year"]
    age = np.clip(rng.normal(42, 15, n), 18, 90)
    income = np.exp(rng.normal(10.6, 0.55, n))
    household = rng.choice([1, 2, 3, 4, 5, 6], n, p=[0.28, 0.32, 0.16, 0.15, 0.07, 0.02])
    minutes = np.exp(rng.normal(5.3, 0.8, n))
    data_gb = np.exp(rng.normal(1.6 - 0.02 * (age - 42), 0.9, n))
    tenure = rng.exponential(40, n)
    support_calls = rng.poisson(1.2, n)
    late_payments = rng.poisson(0.4, n)
    satisfaction = np.clip(np.round(rng.normal(3.5, 1.0, n)), 1, 5)
    region = rng.choice(len(regions), n, p=[0.16, 0.16, 0.14, 0.14, 0.12, 0.12, 0.09, 0.07])
    device = rng.choice(len(devices), n, p=[0.45, 0.35, 0.1, 0.1])
    channel = rng.choice(len(channels), n, p=[0.4, 0.3, 0.2, 0.1])
    payment = rng.choice(len(payments), n, p=[0.4, 0.3, 0.15, 0.15])
    contract = rng.choice(len(contracts), n, p=[0.5, 0.3, 0.2])
    senior = np.where(age > 65, "yes", "no")
    z_age = (age - 42) / 15
    z_inc = (np.log(income) - 10.6) / 0.55
    z_min = (np.log(minutes) - 5.3) / 0.8
    z_dat = (np.log(data_gb) - 1.6) / 0.9
    coverage = np.array([0.3, 0.0, 0.2, 0.1, 0.5, 0.4, -0.8, -1.0])[region]  # rural regions: poor data
    smart = (device <= 1) * 1.0
    util = np.zeros((n, 4))  # basic, standard, premium, family
    util[:, 0] = 0.8 - 0.9 * z_inc + 0.6 * (device == 2) + 0.7 * (payment == 3) + 0.5 * (z_age > 1.2) * (1 - smart)
    util[:, 1] = 0.6 + 0.5 * np.tanh(z_min) + 0.35 * z_dat * (1 + coverage) + 0.3 * (channel == 1)
    util[:, 2] = (-0.6 + 0.9 * z_inc + 0.9 * z_dat * smart + 0.6 * coverage * (z_dat > 0) + 0.5 * (contract == 2)
                  - 0.6 * (late_payments > 1) + 0.4 * (device == 1) * (z_inc > 0.5) - 0.5 * z_age ** 2)
    util[:, 3] = (-1.4 + 0.9 * np.minimum(household - 1, 3) + 0.4 * (contract >= 1) + 0.3 * z_inc
                  - 0.5 * (household >= 3) * (payment == 3) + 0.3 * (channel == 0) * (household >= 2))
    util *= 1.6
    rule = np.argmax(util, axis=1)
    util += rng.gumbel(0, 1, (n, 4))
    RULE["plans"] = rule == np.argmax(util, axis=1)
    plan = np.array(["basic", "standard", "premium", "family"])[np.argmax(util, axis=1)]
    header = ["age", "income", "household", "minutes", "data_gb", "tenure_months", "support_calls",
              "late_payments", "satisfaction", "region", "device", "channel", "payment", "contract", "senior",
              "plan"]
    rows = zip(na(rng, [fmt(a, 0) for a in age], 0.02), na(rng, [fmt(i, 0) for i in income], 0.08),
               household, [fmt(m, 1) for m in minutes], na(rng, [fmt(d, 2) for d in data_gb], 0.05, ""),
               [fmt(t, 0) for t in tenure], support_calls, late_payments,
               na(rng, [fmt(s, 0) for s in satisfaction], 0.1), [regions[r] for r in region],
               na(rng, [devices[d] for d in device], 0.02, ""), [channels[c] for c in channel],
               [payments[p] for p in payment], [contracts[c] for c in contract], senior, plan)
    return header, rows


# per row, whether the label is what the generating rule (knowing every value, none missing) would predict
RULE = {}

# name: (generator, train rows, test rows); the test sets are large so that the scores are precise
SPECS = {
    "passengers": (passengers, 900, 5000),
    "penguins": (penguins, 340, 5000),
    "diamonds": (diamonds, 2500, 5000),
    "cars": (cars, 400, 5000),
    "plans": (plans, 30000, 10000),
}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "target/quality-data"
    # another offset draws fresh data from the same rules, to confirm on data a choice was not made on
    offset = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    for k, (name, (generate, train_rows, test_rows)) in enumerate(SPECS.items()):
        rng = np.random.default_rng(20261201 + k + 1000 * offset)
        header, rows = generate(rng, train_rows + test_rows)
        rows = list(rows)
        os.makedirs(os.path.join(out, name), exist_ok=True)
        for part, chunk in (("train", rows[:train_rows]), ("test", rows[train_rows:])):
            with open(os.path.join(out, name, part + ".csv"), "w", newline="") as f:
                w = csv.writer(f, lineterminator="\n")
                w.writerow(header)
                w.writerows(chunk)
        ceiling = (f", the generating rule's accuracy on the test rows {RULE[name][train_rows:].mean():.4f}"
                   if name in RULE else "")
        print(f"{name:11s} {DATASETS[name][0]:14s} train {train_rows:6d} test {test_rows:6d} columns {len(header)}"
              f" -> {os.path.join(out, name)}{ceiling}")


if __name__ == "__main__":
    main()
