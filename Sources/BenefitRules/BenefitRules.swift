// Module BenefitRules: filled in by its issue.
