from fractions import Fraction as F
a=[1e9+x for x in [0.1,0.7,0.3,0.9,0.2,0.5,0.8,0.4]]
b=[1e9+x for x in [0.6,1.1,0.9,1.4,0.8,1.0,1.3,0.7,1.2]]
def mv(x):
    x=[F(v) for v in x]; m=sum(x)/len(x); v=sum((y-m)**2 for y in x)/(len(x)-1); return m,v
ma,va=mv(a); mb,vb=mv(b)
se2=va/len(a)+vb/len(b)
import math
t=float(mb-ma)/math.sqrt(float(se2))
df=float(se2*se2/((va/len(a))**2/(len(a)-1)+(vb/len(b))**2/(len(b)-1)))
print(repr(t), repr(df))
print(",".join(repr(v) for v in a)); print(",".join(repr(v) for v in b))
