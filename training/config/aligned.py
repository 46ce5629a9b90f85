# The shipped aligned model (models/aligned): round 13's recipe (attention supervision on head 0, the alignment
# floor) on round 14's generator. Four seeds (1337 and 2 in round 17, 3 in round 19, 4 in round 20); the best on
# validation ships: seed 4, shipped in round 20.
#   OPENBLAS_NUM_THREADS=1 /usr/bin/python3 training/train.py --config=training/config/aligned.py
# Every key not set here keeps its default (configurator.TrainConfig); the test
# training/tests/test_recipes.py checks that this file gives the config models/aligned/train-log.jsonl records.
# data_dir is built by:
#   npm run dataset:build -- --out .data/dataset-c2s --synthetic 100000 --synthetic-val 3000 --nlvr-dir ../shared/data/nlvr1 --nlvr-repeats 4 --val-folds 4,5 --contrast 1 --nlvr-train-sample

data_dir = '.data/dataset-c2s'  # synthetic near misses (with round 14's constructions) + NLVR dev folds 0-3 + NLVR's training sample
out_dir = 'out/aligned'
family = 'aligned'
lam = 1.0  # the weak word-object alignment loss
attn_sup = 0.3  # ...and its targets on head 0 of each cross-modal layer's word->object attention, throughout training
geo_features = True  # each object's place in its grey box, its relations and detected classes
pool_head = True  # the image head also reads the max and the mean of the object states
family_mix = 'nlvr'  # draw the synthetic families by how many NLVR training sentences they say...
mix_floor = 0.0  # ...and none of those NLVR never uses
seed = 4  # the shipped seed: the best of the recipe's four on validation
max_minutes = 110.0  # a wall-clock budget: the number of steps depends on the machine (39,386 on the shipped run's)
select_align_floor = 0.75  # best validation accuracy among checkpoints whose last layer's validation alignment precision is >= 0.75, else best accuracy
