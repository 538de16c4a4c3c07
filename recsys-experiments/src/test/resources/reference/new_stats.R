options(digits=15)
a <- c(1000000000.1,1000000000.7,1000000000.3,1000000000.9,1000000000.2,1000000000.5,1000000000.8,1000000000.4)
b <- c(1000000000.6,1000000001.1,1000000000.9,1000000001.4,1000000000.8,1000000001.0,1000000001.3,1000000000.7,1000000001.2)
r <- t.test(b, a); cat("welch1e9 R t", r$statistic, "df", r$parameter, "\n")
cat("welch1e9 p from exact t", 2*pt(-3.7331542102390194, 14.515245638969459), "\n")
# relative lift delta method & Fieller, proportions A 120/1000, B 150/1100
mA <- 120/1000; vA <- mA*(1-mA)/1000; mB <- 150/1100; vB <- mB*(1-mB)/1100; z <- qnorm(0.975)
se <- sqrt(vB/mA^2 + mB^2*vA/mA^4); cat("lift", mB/mA-1, "delta ci", mB/mA-1-z*se, mB/mA-1+z*se, "\n")
den <- mA^2 - z^2*vA; disc <- sqrt(mA^2*vB + mB^2*vA - z^2*vA*vB)
cat("fieller ci", (mA*mB - z*disc)/den - 1, (mA*mB + z*disc)/den - 1, "\n")
# one-sided superiority
r <- prop.test(c(150,120), c(1100,1000), alternative="greater", correct=FALSE); cat("onesided p", r$p.value, "lower", r$conf.int[1], "\n")
# non-inferiority proportions A 900/1000 B 890/1000 margin 0.02
d <- 0.89-0.9; se <- sqrt(.9*.1/1000+.89*.11/1000); cat("ni prop z", (d+0.02)/se, "p", pnorm((d+0.02)/se, lower.tail=FALSE), "lower95", d - qnorm(0.95)*se, "\n")
aa <- c(12.1, 15.3, 11.8, 14.2, 13.9, 16.5, 12.7, 13.3, 15.9, 14.4)
bb <- c(14.8, 17.2, 13.1, 18.9, 16.4, 15.5, 19.8, 14.1, 17.7, 16.0, 18.3, 15.2)
r <- t.test(bb, aa, alternative="greater", mu=-0.5); cat("ni means t", r$statistic, "df", r$parameter, "p", r$p.value, "lower", r$conf.int[1], "\n")
cat("mde prop", power.prop.test(n=5000, p1=0.1, power=0.8, tol=1e-12)$p2 - 0.1, "\n")
cat("mde t", power.t.test(n=100, sd=20, power=0.8, tol=1e-12)$delta, "\n")
ps <- c(prop.test(c(120,100),c(1000,1000),correct=FALSE)$p.value, prop.test(c(135,100),c(1000,1000),correct=FALSE)$p.value, prop.test(c(98,100),c(1000,1000),correct=FALSE)$p.value)
cat("arms p", ps, "holm", p.adjust(ps, "holm"), "\n")
aA <- 121; bA <- 881; aB <- 151; bB <- 951
pb <- integrate(function(x) dbeta(x,aA,bA)*pbeta(x,aB,bB,lower.tail=FALSE), 0, 1, rel.tol=1e-12, subdivisions=1000L)$value
cat("beta P(B>A)", pb, "\n")
inner <- function(y) sapply(y, function(yy) integrate(function(x) (x-yy)*dbeta(x,aA,bA), yy, 1, rel.tol=1e-12)$value)
lossB <- integrate(function(y) dbeta(y,aB,bB)*inner(y), 0, 1, rel.tol=1e-10, subdivisions=1000L)$value
innerA <- function(x) sapply(x, function(xx) integrate(function(y) (y-xx)*dbeta(y,aB,bB), xx, 1, rel.tol=1e-12)$value)
lossA <- integrate(function(x) dbeta(x,aA,bA)*innerA(x), 0, 1, rel.tol=1e-10, subdivisions=1000L)$value
cat("beta lossB", lossB, "lossA", lossA, "\n")
d <- 0.3; se <- 0.2; cat("normal P", pnorm(d/se), "lossB", se*dnorm(d/se) - d*pnorm(-d/se), "lossA", se*dnorm(d/se) + d*pnorm(d/se), "\n")
ya <- c(5.1, 6.3, 4.8, 7.2, 5.9, 6.6, 4.4, 5.5, 6.1, 5.0)
xa <- c(4.9, 6.0, 4.5, 7.0, 5.5, 6.9, 4.0, 5.2, 6.3, 4.6)
yb <- c(5.8, 6.9, 5.2, 7.9, 6.4, 6.8, 5.3, 6.0, 7.1, 5.6, 6.2)
xb <- c(5.0, 6.4, 4.6, 7.3, 5.9, 6.1, 4.8, 5.3, 6.8, 5.1, 5.7)
x <- c(xa, xb); y <- c(ya, yb); theta <- cov(y, x)/var(x); mx <- mean(x)
r0 <- t.test(yb, ya); r1 <- t.test(yb - theta*(xb-mx), ya - theta*(xa-mx))
cat("cuped theta", theta, "vr", 1 - var(y - theta*(x-mx))/var(y), "unadj t", r0$statistic, "p", r0$p.value, "adj delta", r1$estimate[1]-r1$estimate[2], "t", r1$statistic, "df", r1$parameter, "p", r1$p.value, "ci", r1$conf.int, "\n")
na <- c(3, 0, 5, 2, 1, 4, 0, 2); da <- c(10, 4, 12, 6, 5, 9, 3, 7)
nb <- c(4, 2, 6, 3, 1, 5, 2, 3, 4); db <- c(9, 5, 11, 6, 4, 10, 5, 7, 8)
dm <- function(n, d) { R <- sum(n)/sum(d); k <- length(n); mn <- mean(n); md <- mean(d); v <- (var(n)/md^2 - 2*mn*cov(n,d)/md^3 + mn^2*var(d)/md^4)/k; c(R, v) }
A <- dm(na, da); B <- dm(nb, db); se <- sqrt(A[2]+B[2]); zz <- (B[1]-A[1])/se
cat("ratio RA", A[1], "VA", A[2], "RB", B[1], "VB", B[2], "z", zz, "p", 2*pnorm(-abs(zz)), "ci", B[1]-A[1]-qnorm(0.975)*se, B[1]-A[1]+qnorm(0.975)*se, "\n")
r <- chisq.test(c(3400,3300,3300), p=c(1,1,1)/3); cat("srm3 arms", r$statistic, r$p.value, "\n")
options(digits=15)
# control 100/1000; arms 120/1000, 135/1000, 98/1000 (unpooled z, Dunnett normal form)
p0 <- 0.1; v0 <- p0*(1-p0)/1000; pa <- c(0.12, 0.135, 0.098); va <- pa*(1-pa)/1000
z <- (pa - p0)/sqrt(v0 + va); l <- sqrt(v0/(v0 + va))
pmax <- function(c) integrate(function(x) sapply(x, function(xx) dnorm(xx)*prod(pnorm((c + l*xx)/sqrt(1-l^2)) - pnorm((-c + l*xx)/sqrt(1-l^2)))), -Inf, Inf, rel.tol=1e-12)$value
cat("z", z, "\n"); cat("dunnett", sapply(abs(z), function(c) 1 - pmax(c)), "\n"); cat("unadjusted", 2*pnorm(-abs(z)), "\n")
library(mvtnorm)  # apt-get install r-cran-mvtnorm
S <- outer(l, l); diag(S) <- 1
cat("dunnett mvtnorm", sapply(abs(z), function(c) 1 - pmvnorm(lower=rep(-c,3), upper=rep(c,3), corr=S, algorithm=Miwa(steps=4096))[1]), "\n")
