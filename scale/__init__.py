"""Province-scale synthetic data (issue 8): the generator behind `generate_scale_data`."""
