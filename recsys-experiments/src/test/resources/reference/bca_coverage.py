import numpy as np
from scipy.stats import bootstrap
rng = np.random.default_rng(5)
cov=0; lowmiss=0; himiss=0; N=1000
for c in range(N):
    x = rng.exponential(1.0, 100)
    r = bootstrap((x,), np.mean, method='BCa', n_resamples=1000, random_state=rng)
    lo, hi = r.confidence_interval
    if lo <= 1 <= hi: cov+=1
    elif 1 < lo: lowmiss+=1
    else: himiss+=1
print(cov/N, lowmiss, himiss)
