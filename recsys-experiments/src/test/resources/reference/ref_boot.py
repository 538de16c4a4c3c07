import numpy as np
from scipy.stats import bootstrap
x = np.array([-np.log(1 - ((i*7919 % 1000)+0.5)/1000) for i in range(60)])
y = np.array([-np.log(1 - ((i*104729 % 1000)+0.5)/1000)*1.3 for i in range(45)])
m = x.mean(); d = x - m
print("mean", m, "accel", (d**3).sum()/(6*((d**2).sum())**1.5))
for meth in ['BCa','percentile']:
    r = bootstrap((x,), np.mean, method=meth, n_resamples=400000, random_state=np.random.default_rng(1), confidence_level=0.95)
    print(meth, r.confidence_interval.low, r.confidence_interval.high)
    r = bootstrap((x,y), lambda a,b,axis=-1: np.mean(b,axis=axis)-np.mean(a,axis=axis), method=meth, n_resamples=400000, random_state=np.random.default_rng(2), confidence_level=0.95)
    print("two", meth, r.confidence_interval.low, r.confidence_interval.high)
