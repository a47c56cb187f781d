#!/usr/bin/env bash
# A PipeSim sweep as a Slurm job array: each array task runs one shard (from
# SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT) into a shared results folder. Submit from
# the project folder on shared storage:
#   sbatch scripts/cluster/slurm-array.sh experiments/policy-sweep.yaml
# then, when every task has finished:
#   npx pipesim merge results/policy-sweep/sharded-<hash>
#SBATCH --job-name=pipesim
#SBATCH --array=1-8
#SBATCH --cpus-per-task=2
#SBATCH --mem=1G
#SBATCH --output=pipesim-%A_%a.log
set -euo pipefail
experiment=${1:?usage: sbatch slurm-array.sh <experiment.yaml>}
node dist/src/cli/bin.js run "$experiment" --workers "${SLURM_CPUS_PER_TASK:-1}" --out results --no-progress
