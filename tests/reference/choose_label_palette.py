#!/usr/bin/python3
# Chooses the VAE's colour-blind-safe label colours (widgets/vae/label_colors.cpp): simulated
# annealing over ten sRGB colours maximising the least CIE 1976 Delta E between any two, and
# between each and the background, for normal vision and under the Machado et al. (2009)
# dichromacy simulations, on white and as PlotStyle::series lifts them on a dark theme.
# Usage: choose_label_palette.py SEED (seed 3 gave the shipped palette, least Delta E 23.1;
# its third colour, #601bb4, was then moved to #301060, the same least Delta E, to keep
# CIEDE2000 >= 10 from the blue).
# Not run in CI.
import colorsys, sys
import numpy as np
rng = np.random.default_rng(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
M = {
 'normal': np.eye(3),
 'protan': np.array([[0.152286,1.052583,-0.204868],[0.114503,0.786281,0.099216],[-0.003882,-0.048116,1.051998]]),
 'deutan': np.array([[0.367322,0.860646,-0.227968],[0.280085,0.672501,0.047413],[-0.011820,0.042940,0.968881]]),
 'tritan': np.array([[1.255528,-0.076749,-0.178779],[-0.078411,0.930809,0.147602],[0.004733,0.691367,0.303900]]),
}
def lin(c):
    v = c/255.0
    return np.where(v <= 0.04045, v/12.92, ((v+0.055)/1.055)**2.4)
def lab_from_lin(l):
    l = np.clip(l, 0, 1)
    x = (0.4124564*l[...,0]+0.3575761*l[...,1]+0.1804375*l[...,2])/0.95047
    y = 0.2126729*l[...,0]+0.7151522*l[...,1]+0.0721750*l[...,2]
    z = (0.0193339*l[...,0]+0.1191920*l[...,1]+0.9503041*l[...,2])/1.08883
    f = lambda t: np.where(t > 216/24389, np.cbrt(t), (24389/27*t+16)/116)
    fx, fy, fz = f(x), f(y), f(z)
    return np.stack([116*fy-16, 500*(fx-fy), 200*(fy-fz)], -1)
def labs(rgb):
    L = lin(rgb)
    return {k: lab_from_lin(L @ m.T) for k, m in M.items()}
def score(rgb, bg=np.array([255,255,255.])):
    worst = 1e9
    al = labs(np.vstack([rgb, bg]))
    for k, lab in al.items():
        d = np.linalg.norm(lab[:-1,None,:]-lab[None,:-1,:], axis=-1)
        iu = np.triu_indices(len(rgb), 1)
        worst = min(worst, d[iu].min())
        worst = min(worst, 1.0*np.linalg.norm(lab[:-1]-lab[-1], axis=-1).min())
    return worst
def lift(rgb):
    out = []
    for r, g, b in rgb / 255.0:
        h, l, s = colorsys.rgb_to_hls(r, g, b)
        out.append(colorsys.hls_to_rgb(h, max(l, 0.62), s))
    return (np.array(out) * 255).round()
def total(rgb):
    return min(score(rgb), score(lift(rgb), bg=np.array([30, 30, 30.])))
def search(n=10, iters=12000):
    cur = rng.integers(0, 256, (n, 3)).astype(float); cs = total(cur); best = (cs, cur.copy()); T = 3.0
    for it in range(iters):
        cand = cur.copy(); i = rng.integers(n)
        cand[i] = np.clip(cand[i] + rng.normal(0, 25, 3), 0, 255).round()
        s = total(cand)
        if s > cs or rng.random() < np.exp((s - cs) / T):
            cur, cs = cand, s
            if cs > best[0]: best = (cs, cur.copy())
        T = max(0.05, T * 0.9995)
    return best
best = max((search() for _ in range(3)), key=lambda b: b[0])
print(round(best[0], 2), 'light', round(score(best[1]),2), 'dark', round(score(lift(best[1]), bg=np.array([30,30,30.])),2))
print(' '.join('#%02x%02x%02x' % tuple(c) for c in best[1].astype(int)))
