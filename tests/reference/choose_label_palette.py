#!/usr/bin/python3
# Chooses the VAE's colour-blind-safe label colours (widgets/vae/label_colors.cpp): simulated
# annealing over ten sRGB colours maximising the least of, over normal vision and the Machado et
# al. (2009) protanopia, deuteranopia and tritanopia simulations, on white and as
# PlotStyle::series lifts them on a dark theme (background 30, 30, 30):
#   - CIE 1976 Delta E between any two colours, / 20.5 (issue 12 asks over 20);
#   - Delta E between each colour and the background, / 20;
#   - CIEDE2000 between any two, / 10 for normal vision and / 9 under the simulations.
# Usage: choose_label_palette.py SEED [ITERATIONS RESTARTS] (seed 5, 20000, 2 gave the shipped
# palette: Delta E 23.4, background 22.7, CIEDE2000 10.2, the least over all eight views; it
# prints each view's least values and the colours). Not run in CI.
import colorsys, sys
import numpy as np
rng = np.random.default_rng(int(sys.argv[1]))
ITERATIONS = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
RESTARTS = int(sys.argv[3]) if len(sys.argv) > 3 else 2
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
def lift(rgb):
    out = []
    for r, g, b in rgb / 255.0:
        h, l, s = colorsys.rgb_to_hls(r, g, b)
        out.append(colorsys.hls_to_rgb(h, max(l, 0.62), s))
    return (np.array(out) * 255).round()
def de2000v(x, y):
    L1,a1,b1 = x[...,0],x[...,1],x[...,2]; L2,a2,b2 = y[...,0],y[...,1],y[...,2]
    c1=np.hypot(a1,b1); c2=np.hypot(a2,b2); cb7=((c1+c2)/2)**7
    g=0.5*(1-np.sqrt(cb7/(cb7+25.0**7)))
    a1p=(1+g)*a1; a2p=(1+g)*a2
    cp1=np.hypot(a1p,b1); cp2=np.hypot(a2p,b2)
    hp1=np.degrees(np.arctan2(b1,a1p))%360; hp2=np.degrees(np.arctan2(b2,a2p))%360
    nz=(cp1*cp2)!=0
    dh=hp2-hp1; dh=np.where(dh>180,dh-360,np.where(dh<-180,dh+360,dh)); dh=np.where(nz,dh,0)
    dH=2*np.sqrt(cp1*cp2)*np.sin(np.radians(dh/2))
    dL=L2-L1; dC=cp2-cp1; Lb=(L1+L2)/2; Cb=(cp1+cp2)/2; hs=hp1+hp2
    hb=np.where(np.abs(hp1-hp2)<=180, hs/2, np.where(hs<360,(hs+360)/2,(hs-360)/2)); hb=np.where(nz,hb,hs)
    T=1-0.17*np.cos(np.radians(hb-30))+0.24*np.cos(np.radians(2*hb))+0.32*np.cos(np.radians(3*hb+6))-0.20*np.cos(np.radians(4*hb-63))
    dT=30*np.exp(-((hb-275)/25)**2); Cb7=Cb**7; RC=2*np.sqrt(Cb7/(Cb7+25.0**7))
    SL=1+0.015*(Lb-50)**2/np.sqrt(20+(Lb-50)**2); SC=1+0.045*Cb; SH=1+0.015*Cb*T
    RT=-np.sin(np.radians(2*dT))*RC
    l=dL/SL; c=dC/SC; hh=dH/SH
    return np.sqrt(l*l+c*c+hh*hh+RT*c*hh)
iu = np.triu_indices(10, 1)
def allm(rgb):
    """per theme: dict vision -> (min pair de76, min bg de76, min pair de2000)"""
    res = {}
    for theme, arr, bg in (('light', rgb, np.array([255,255,255.])), ('dark', lift(rgb), np.array([30,30,30.]))):
        al = labs(np.vstack([arr, bg]))
        for k, lab in al.items():
            p = lab[:-1]
            d = np.linalg.norm(p[iu[0]]-p[iu[1]], axis=-1).min()
            b = np.linalg.norm(p-lab[-1], axis=-1).min()
            e = de2000v(p[iu[0]], p[iu[1]]).min()
            res[(theme,k)] = (d, b, e)
    return res
T76, TBG, T00N, T00S = 20.5, 20.0, 10.0, 9.0
def obj(rgb):
    r = allm(rgb)
    vals = []
    for (theme,k),(d,b,e) in r.items():
        vals.append(d/T76)
        vals.append(b/TBG)
        vals.append(e/(T00N if k == 'normal' else T00S))
    return min(vals)
def search(iters):
    cur = rng.integers(0,256,(10,3)).astype(float); cs = obj(cur); best=(cs,cur.copy()); T=0.15
    for it in range(iters):
        cand=cur.copy(); i=rng.integers(10); cand[i]=np.clip(cand[i]+rng.normal(0,25 if it < iters/2 else 8,3),0,255).round()
        s=obj(cand)
        if s>cs or rng.random()<np.exp((s-cs)/T):
            cur,cs=cand,s
            if cs>best[0]: best=(cs,cur.copy())
        T=max(0.002,T*0.9993)
    return best
best=max((search(ITERATIONS) for _ in range(RESTARTS)), key=lambda b:b[0])
print('objective', round(best[0],3))
r = allm(best[1])
for key,(d,b,e) in r.items(): print(key, 'de76 %.1f bg %.1f de2000 %.1f' % (d,b,e))
print(' '.join('#%02x%02x%02x'%tuple(c) for c in best[1].astype(int)))
