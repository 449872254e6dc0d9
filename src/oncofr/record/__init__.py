"""Record: the patient-level record built from the mentions."""
