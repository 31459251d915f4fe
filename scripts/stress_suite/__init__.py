"""The categories of scripts/stress, one module each; `common` holds what they share."""
