"""Province-scale synthetic data: the generator behind `generate_scale_data`."""
