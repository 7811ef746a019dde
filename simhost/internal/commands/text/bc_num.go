package text

import (
	"math/big"
	"strings"
)

// bcNum is one of bc's decimal numbers: the value v/10^scale, scale being the
// count of digits after the point bc keeps (and prints).
type bcNum struct {
	v     *big.Int
	scale int
}

var bigTen = big.NewInt(10)

// pow10 is 10^n.
func pow10(n int) *big.Int {
	return new(big.Int).Exp(bigTen, big.NewInt(int64(n)), nil)
}

func bcInt(n int64) bcNum { return bcNum{v: big.NewInt(n)} }

// rescale is n with scale s: more digits are zeros, fewer are truncated
// toward zero, as bc drops digits.
func (n bcNum) rescale(s int) bcNum {
	switch {
	case s == n.scale:
		return n
	case s > n.scale:
		return bcNum{v: new(big.Int).Mul(n.v, pow10(s-n.scale)), scale: s}
	default:
		return bcNum{v: new(big.Int).Quo(n.v, pow10(n.scale-s)), scale: s}
	}
}

func (n bcNum) isZero() bool { return n.v.Sign() == 0 }

// intLen is bc's n_len: the count of digits before the point, at least 1.
func (n bcNum) intLen() int {
	ip := new(big.Int).Quo(n.v, pow10(n.scale))
	if ip.Sign() == 0 {
		return 1
	}
	return len(ip.Abs(ip).String())
}

func bcAdd(a, b bcNum) bcNum {
	s := max(a.scale, b.scale)
	return bcNum{v: new(big.Int).Add(a.rescale(s).v, b.rescale(s).v), scale: s}
}

func bcSub(a, b bcNum) bcNum {
	s := max(a.scale, b.scale)
	return bcNum{v: new(big.Int).Sub(a.rescale(s).v, b.rescale(s).v), scale: s}
}

// bcMul keeps min(a.scale+b.scale, max(scale, a.scale, b.scale)) digits.
func bcMul(a, b bcNum, scale int) bcNum {
	full := bcNum{v: new(big.Int).Mul(a.v, b.v), scale: a.scale + b.scale}
	return full.rescale(min(full.scale, max(scale, a.scale, b.scale)))
}

// bcDiv is a/b truncated to scale digits; ok is false for a zero divisor.
func bcDiv(a, b bcNum, scale int) (bcNum, bool) {
	if b.isZero() {
		return bcNum{}, false
	}
	// a/b = (a.v*10^(scale+b.scale-a.scale)) / b.v, done in integers.
	num := new(big.Int).Set(a.v)
	den := new(big.Int).Set(b.v)
	if e := scale + b.scale - a.scale; e >= 0 {
		num.Mul(num, pow10(e))
	} else {
		den.Mul(den, pow10(-e))
	}
	return bcNum{v: num.Quo(num, den), scale: scale}, true
}

// bcMod is a-(a/b)*b with a/b at scale digits, kept to max(scale+b.scale, a.scale).
func bcMod(a, b bcNum, scale int) (bcNum, bool) {
	q, ok := bcDiv(a, b, scale)
	if !ok {
		return bcNum{}, false
	}
	rscale := max(scale+b.scale, a.scale)
	r := bcSub(a, bcMul(q, b, rscale))
	return r.rescale(max(r.scale, rscale)), true
}

// toLong is bc_num2long: the integer part, 0 when it does not fit a long.
func (n bcNum) toLong() (int64, bool) {
	ip := new(big.Int).Quo(n.v, pow10(n.scale))
	if !ip.IsInt64() {
		return 0, false
	}
	return ip.Int64(), true
}

func bcCompare(a, b bcNum) int {
	s := max(a.scale, b.scale)
	return a.rescale(s).v.Cmp(b.rescale(s).v)
}

// String is the number in base 10 as bc prints it: no leading zero before
// the point, "0" for any zero.
func (n bcNum) base10() string {
	if n.isZero() {
		return "0"
	}
	var b strings.Builder
	if n.v.Sign() < 0 {
		b.WriteByte('-')
	}
	digits := new(big.Int).Abs(n.v).String()
	if len(digits) <= n.scale {
		digits = strings.Repeat("0", n.scale-len(digits)+1) + digits
	}
	whole, frac := digits[:len(digits)-n.scale], digits[len(digits)-n.scale:]
	if whole != "0" {
		b.WriteString(whole)
	}
	if n.scale > 0 {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// length is bc's length(): significant digits, the scale alone for a
// number below 1.
func (n bcNum) length() int {
	if n.isZero() {
		return max(n.scale, 1)
	}
	ip := new(big.Int).Quo(n.v, pow10(n.scale))
	if ip.Sign() == 0 {
		return n.scale
	}
	return n.intLen() + n.scale
}
