"""The toys as they grow: each model's median at each size swept."""

import pandas as pd


def table(sweeps):
    return sweeps[["experiment", "value", "median_s"]].rename(columns={"value": "size"})


def plot(table, machine, output):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots()
    for experiment, rows in table.groupby("experiment"):
        axes.plot(rows["size"], rows["median_s"], marker="o", label=experiment)
    axes.set(xlabel="toys", ylabel="median [s]", title=f"Toys on {machine}")
    axes.legend()
    figure.savefig(output)
    plt.close(figure)


def section(path):
    rows = pd.read_csv(path)
    return {
        "rows": [
            {"experiment": row.experiment, "size": int(row.size), "median": f"{row.median_s:.3g}"}
            for row in rows.itertuples()
        ]
    }
