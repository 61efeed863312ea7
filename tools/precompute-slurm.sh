#!/bin/bash
#SBATCH --array=1-16 --cpus-per-task=2 --time=02:00:00
# One shard of a precompute sweep per Slurm array task (docs/scale.md):
#   JOBID=$(sbatch --parsable --array=1-16 tools/precompute-slurm.sh OUT.sqlite PRECOMPUTE-OPTIONS…)
#   sbatch --dependency=afterok:$JOBID --wrap 'cimnas merge OUT.sqlite OUT.sqlite.shard-*.sqlite'
# A failed task is re-run as it is: the same command resumes its shard. $CIMNAS names the binary.
set -euo pipefail
if [ $# -lt 2 ]; then echo "usage: sbatch --array=1-N $0 OUT.sqlite PRECOMPUTE-OPTIONS…" >&2; exit 2; fi
out=$1
shift
: "${SLURM_ARRAY_TASK_ID:?run as a Slurm array task (sbatch --array=1-N)}" "${SLURM_ARRAY_TASK_COUNT:?}"
"${CIMNAS:-cimnas}" precompute --db "$out.shard-$SLURM_ARRAY_TASK_ID.sqlite" \
    --shard "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT" --workers "${SLURM_CPUS_PER_TASK:-1}" --quiet "$@"
