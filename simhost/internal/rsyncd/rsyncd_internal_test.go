package rsyncd

import (
	"bytes"
	"io"
	"math/rand/v2"
	"testing"
)

// loop is a wire whose output is read back by a second wire.
func loop() (out *wire, in func() *wire) {
	var buf bytes.Buffer
	out = newWire(nil, &buf)
	return out, func() *wire { out.flush(); return newWire(bytes.NewReader(buf.Bytes()), io.Discard) }
}

func TestIntegersRoundTrip(t *testing.T) {
	w, back := loop()
	ints := []int32{0, 1, 0x7f, 0x80, 0x3fff, 0x4000, 1 << 21, 1<<31 - 1, -1, -100}
	longs := []int64{0, 1, 0xffffff, 1 << 24, 1 << 40, 1<<62 + 5}
	ndxs := []int32{0, 1, 2, 300, 299, 70000, ndxDone, -101, -102, 5}
	for _, v := range ints {
		w.putVarint(v)
	}
	for _, v := range longs {
		w.putVarlong(v, 3, 8)
	}
	for _, v := range ndxs {
		w.putNdx(v)
	}
	r := back()
	for _, v := range ints {
		if got, err := r.varint(); err != nil || got != v {
			t.Fatalf("varint %d: got %d, %v", v, got, err)
		}
	}
	for _, v := range longs {
		if got, err := r.varlong(3); err != nil || got != v {
			t.Fatalf("varlong %d: got %d, %v", v, got, err)
		}
	}
	for _, v := range ndxs {
		if got, err := r.ndx(); err != nil || got != v {
			t.Fatalf("ndx %d: got %d, %v", v, got, err)
		}
	}
}

// The bytes rsync itself writes for these values (io.c's write_varint).
func TestVarintBytes(t *testing.T) {
	for v, want := range map[int32]string{0: "\x00", 0x7f: "\x7f", 0x80: "\x80\x80", 0x1234: "\x92\x34", 0x12345: "\xc1\x45\x23"} {
		var buf bytes.Buffer
		w := newWire(nil, &buf)
		w.putVarint(v)
		w.flush()
		if buf.String() != want {
			t.Errorf("varint %#x: % x, want % x", v, buf.Bytes(), []byte(want))
		}
	}
}

func TestListOrder(t *testing.T) {
	mk := func(name string, dir bool) *entry {
		e := &entry{name: name, mode: sIFREG}
		if dir {
			e.mode = sIFDIR
		}
		return e
	}
	list := []*entry{mk("sub", true), mk("sub/x", false), mk("a.b", true), mk("a", true), mk("z", false), mk(".", true), mk("a/y", false), mk("sub/d", true)}
	sortEntries(list)
	var got []string
	for _, e := range list {
		got = append(got, e.name)
	}
	// files before directories at each level; "a/" sorts after "a.b/" as '/' > '.'
	want := []string{".", "z", "a.b", "a", "a/y", "sub", "sub/x", "sub/d"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("order %v, want %v", got, want)
		}
	}
}

func TestChecksum1IsSigned(t *testing.T) {
	// s1 = -1 + 1 = 0; s2 = -1 + 0 = -1: bytes over 0x7f count as negative
	if got := checksum1([]byte{0xff, 0x01}); got != 0xffff0000 {
		t.Fatalf("checksum1 = %#x", got)
	}
}

func TestTokensRoundTrip(t *testing.T) {
	for _, compress := range []bool{false, true} {
		data := make([]byte, 200000)
		for i := range data {
			data[i] = byte(rand.IntN(4))
		}
		s := &server{opt: options{compress: compress}}
		w, back := loop()
		s.w = w
		tw := s.newTokenWriter()
		tw.literal(data[:70000])
		tw.match(3)
		tw.match(4)
		tw.match(9)
		tw.literal(data[70000:])
		tw.match(100)
		tw.end()
		s.w = back()
		tr := s.newTokenReader()
		var lit []byte
		var tokens []int32
		for {
			d, tok, done, err := tr.next()
			if err != nil {
				t.Fatalf("compress=%v: %v", compress, err)
			}
			if done {
				break
			}
			if tok >= 0 {
				tokens = append(tokens, tok)
			} else {
				lit = append(lit, d...)
			}
		}
		if !bytes.Equal(lit, data) || len(tokens) != 4 || tokens[0] != 3 || tokens[1] != 4 || tokens[2] != 9 || tokens[3] != 100 {
			t.Fatalf("compress=%v: %d literal bytes, tokens %v", compress, len(lit), tokens)
		}
	}
}
