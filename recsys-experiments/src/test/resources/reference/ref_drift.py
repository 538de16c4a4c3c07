import numpy as np
from scipy.stats import entropy
from scipy.spatial.distance import jensenshannon
from collections import Counter
ref = np.array([(i*7919 % 1000)/10.0 for i in range(2000)])
cur = []
for i in range(1500):
    if i % 20 == 0: cur.append(np.nan)
    elif i % 50 == 1: cur.append(500.0)
    else:
        c = ((i*104729) % 1000)/10.0
        cur.append(c*c/100.0)
cur = np.array(cur)
edges = np.unique(np.quantile(ref, np.arange(1,10)/10))
def props(x):
    x = x[~np.isnan(x)]
    idx = np.searchsorted(edges, x, side='left')
    return np.bincount(idx, minlength=len(edges)+1)/len(x)
def smooth(p, eps=1e-4):
    q = np.maximum(p, eps); return q/q.sum()
r, a = props(ref), props(cur)
rs, as_ = smooth(r), smooth(a)
print("edges", edges.tolist())
print("refprops", r.tolist())
print("curprops", a.tolist())
print("psi", float(np.sum((as_-rs)*np.log(as_/rs))))
print("kl(cur||ref)", float(entropy(as_, rs)))
print("js", float(jensenshannon(a, r)**2))
print("missing", float(np.isnan(cur).mean()))
q1,q3 = np.quantile(ref,[0.25,0.75]); lo,hi = q1-1.5*(q3-q1), q3+1.5*(q3-q1)
pres = cur[~np.isnan(cur)]
print("fences", lo, hi, "outlier", float(((pres<lo)|(pres>hi)).mean()))
# categorical
refc = [(i*i) % 23 for i in range(1000)]
curc = [(i*i*i) % 29 for i in range(800)]
cnt = Counter(refc)
top = [k for k,_ in sorted(cnt.items(), key=lambda kv:(-kv[1], kv[0]))[:10]]
def cprops(xs):
    b = [top.index(x) if x in top else 10 for x in xs]
    return np.bincount(b, minlength=11)/len(xs)
rc, ac = cprops(refc), cprops(curc)
print("top", top)
print("cat psi", float(np.sum((smooth(ac)-smooth(rc))*np.log(smooth(ac)/smooth(rc)))))
print("cat kl", float(entropy(smooth(ac), smooth(rc))))
print("cat js", float(jensenshannon(ac, rc)**2))
# simple vectors
p = np.array([0.1,0.2,0.3,0.4]); q = np.array([0.25,0.25,0.25,0.25])
print("simple psi", float(np.sum((p-q)*np.log(p/q))), "kl(p||q)", float(entropy(p,q)), "js", float(jensenshannon(p,q)**2))
p0 = np.array([0.5,0.5,0.0]); q0=np.array([0.2,0.3,0.5])
print("zero-bin psi", float(np.sum((smooth(p0)-smooth(q0))*np.log(smooth(p0)/smooth(q0)))), "js", float(jensenshannon(p0,q0)**2))
