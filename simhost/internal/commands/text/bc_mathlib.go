package text

// bcMathLib is what bc -l loads: scale 20 and the functions s c a l e j,
// written here in bc for the emulator. Each follows the method GNU bc's
// library documents (series summed until a term truncates to zero, with the
// same preconditioning and working scales), so that the last digits, which
// depend on where each step truncates, come out as bc's do.
const bcMathLib = `scale = 20
define e(x) {
  auto b, t, y, q, h, k, r, w, s, z
  if (ibase != A) { b = ibase; ibase = A; t = e(x); ibase = b; return (t) }
  if (x < 0) { r = 1; x = -x }
  z = scale
  w = 6 + z + .44*x
  scale = scale(x) + 1
  while (x > 1) { h += 1; x /= 2; scale += 1 }
  scale = w
  t = 1 + x
  y = x
  q = 1
  for (k = 2; 1; k++) {
    s = (y *= x) / (q *= k)
    if (s == 0) {
      if (h > 0) while (h--) t = t*t
      scale = z
      if (r) return (1/t)
      return (t/1)
    }
    t += s
  }
}
define l(x) {
  auto b, s, f, k, q, y, t, z
  if (ibase != A) { b = ibase; ibase = A; t = l(x); ibase = b; return (t) }
  if (x <= 0) return ((1 - 10^scale)/1)
  z = scale
  scale = 6 + scale
  f = 2
  k = 0
  while (x >= 2) { f *= 2; x = sqrt(x) }
  while (x <= .5) { f *= 2; x = sqrt(x) }
  t = y = (x-1)/(x+1)
  q = y*y
  for (k = 3; 1; k += 2) {
    s = (y *= q) / k
    if (s == 0) { t = f*t; scale = z; return (t/1) }
    t += s
  }
}
define s(x) {
  auto b, s, k, r, y, q, t, z
  if (ibase != A) { b = ibase; ibase = A; t = s(x); ibase = b; return (t) }
  z = scale
  scale = 1.1*z + 2
  t = a(1)
  if (x < 0) { r = 1; x = -x }
  scale = 0
  y = (x / t + 2)/4
  x = x - 4*y*t
  if (y%2) x = -x
  scale = z + 2
  t = s = x
  q = -x*x
  for (k = 3; 1; k += 2) {
    s *= q/(k*(k-1))
    if (s == 0) {
      scale = z
      if (r) return (-t/1)
      return (t/1)
    }
    t += s
  }
}
define c(x) {
  auto b, t, z
  if (ibase != A) { b = ibase; ibase = A; t = c(x); ibase = b; return (t) }
  z = scale
  scale = scale*1.2
  t = s(x + a(1)*2)
  scale = z
  return (t/1)
}
define a(x) {
  auto a, b, s, f, k, r, y, q, t, z
  if (ibase != A) { b = ibase; ibase = A; t = a(x); ibase = b; return (t) }
  r = 1
  if (x < 0) { r = -1; x = -x }
  if (x == 1) {
    if (scale <= 25) return (.7853981633974483096156608/r)
    if (scale <= 40) return (.7853981633974483096156608458198757210492/r)
    if (scale <= 60) return (.785398163397448309615660845819875721049292349843776455243736/r)
  }
  if (x == .2) {
    if (scale <= 25) return (.1973955598498807583700497/r)
    if (scale <= 40) return (.1973955598498807583700497651947902934475/r)
    if (scale <= 60) return (.197395559849880758370049765194790293447585103787852101517688/r)
  }
  z = scale
  if (x > .2) { scale = z + 5; a = a(.2) }
  scale = z + 3
  while (x > .2) { f += 1; x = (x - .2) / (1 + x*.2) }
  t = y = x
  q = -x*x
  for (k = 3; 1; k += 2) {
    s = (y *= q) / k
    if (s == 0) { scale = z; return ((f*a + t)/r) }
    t += s
  }
}
define j(n, x) {
  auto a, b, h, s, f, k, r, q, t, z
  if (ibase != A) { b = ibase; ibase = A; t = j(n, x); ibase = b; return (t) }
  z = scale
  scale = 0
  n = n/1
  if (n < 0) { n = -n; if (n%2 == 1) r = 1 }
  f = 1
  for (k = 2; k <= n; k++) f = f*k
  scale = 1.5*z
  f = x^n / 2^n / f
  t = s = 1
  q = -x*x/4
  scale = 1.5*z + length(f) - scale(f)
  for (k = 1; 1; k++) {
    s = s * q / k / (n+k)
    if (s == 0) {
      scale = z
      if (r) return (-f*t/1)
      return (f*t/1)
    }
    t += s
  }
}
`
