"""The shipped recipes, one file each: `train.py --config=training/config/<name>.py` (configurator.read_recipe)."""
