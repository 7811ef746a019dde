package rsyncd

import (
	"bytes"
	"compress/flate"
	"crypto/md5"
	"encoding/binary"
	"io"
)

// Block-size choice and checksums (generator.c's sum_sizes_sqroot,
// checksum.c).
const (
	blockSize     = 700
	maxBlockSize  = 1 << 17
	chunkSize     = 32 << 10
	maxDataCount  = 16383
	shortSumLen   = 2
	fullSumLen    = 16
	blocksumBias  = 10
	tokenEnd      = 0
	tokenLong     = 0x20
	tokenRunLong  = 0x21
	deflatedData  = 0x40
	tokenRel      = 0x80
	tokenRunRel   = 0xc0
	itemTransfer  = 1 << 15
	itemIsNew     = 1 << 13
	itemLocal     = 1 << 14
	itemBasis     = 1 << 11
	itemXname     = 1 << 12
	itemTime      = 1 << 3
	itemPerms     = 1 << 4
	itemSize      = 1 << 2
	itemOwner     = 1 << 5
	itemGroup     = 1 << 6
	significant   = 0xffff &^ (itemBasis | itemXname | itemLocal)
	ioErrGeneral  = 1
	ioErrVanished = 2
)

type sumHead struct {
	count, blength, s2length, remainder int32
}

func sumSizes(length int64, csumLen int) sumHead {
	var blen int32
	if length <= blockSize*blockSize {
		blen = blockSize
	} else {
		c, cnt := int32(1), 0
		for l := length; ; cnt++ {
			l >>= 2
			if l == 0 {
				break
			}
			c <<= 1
		}
		if c < 0 || c >= maxBlockSize {
			blen = maxBlockSize
		} else {
			for ; c >= 8; c >>= 1 {
				blen |= c
				if length < int64(blen)*int64(blen) {
					blen &^= c
				}
			}
			blen = max(blen, blockSize)
		}
	}
	s2 := int32(fullSumLen)
	if csumLen != fullSumLen {
		b := blocksumBias
		for l := length; l>>1 != 0; l >>= 1 {
			b += 2
		}
		for c := blen; c>>1 != 0 && b > 0; c >>= 1 {
			b--
		}
		s2 = int32((b + 1 - 32 + 7) / 8)
		s2 = max(s2, int32(csumLen))
		s2 = min(s2, fullSumLen)
	}
	rem := int32(length % int64(blen))
	count := int32(length / int64(blen))
	if rem != 0 {
		count++
	}
	return sumHead{count, blen, s2, rem}
}

// checksum1 is rsync's rolling checksum over signed bytes.
func checksum1(b []byte) uint32 {
	var s1, s2 uint32
	for _, c := range b {
		s1 += uint32(int32(int8(c)))
		s2 += s1
	}
	return s1&0xffff | s2<<16
}

// checksum2 is the strong block checksum: md5 of the seed and the block
// (the order CF_CHKSUM_SEED_FIX fixes; OpenSSL's builds always use it).
func (s *server) checksum2(b []byte) []byte {
	h := md5.New()
	var seed [4]byte
	binary.LittleEndian.PutUint32(seed[:], uint32(s.seed))
	if s.seed != 0 {
		h.Write(seed[:])
	}
	h.Write(b)
	return h.Sum(nil)
}

// tokenWriter sends a file's delta: literal data, matched blocks, the end.
type tokenWriter struct {
	w        *wire
	zw       *flate.Writer
	zbuf     bytes.Buffer
	zpending bool
	lastRun  int32 // last token of the previous run sent
	runStart int32
	runLast  int32
	inRun    bool
}

func (s *server) newTokenWriter() *tokenWriter {
	t := &tokenWriter{w: s.w}
	if s.opt.compress {
		t.zw, _ = flate.NewWriter(&t.zbuf, 6)
	}
	return t
}

func (t *tokenWriter) literal(b []byte) {
	if t.zw == nil {
		for len(b) > 0 {
			n := min(len(b), chunkSize)
			t.w.putInt32(int32(n))
			t.w.putBytes(b[:n])
			t.w.maybeFlush()
			b = b[n:]
		}
		return
	}
	t.flushRun()
	t.zw.Write(b)
	t.zpending = true
	t.emitDeflated(false)
}

// emitDeflated sends compressed output in DEFLATED_DATA records; a sync
// flush's trailing 00 00 ff ff is left off, as the receiver adds it back.
func (t *tokenWriter) emitDeflated(flush bool) {
	if flush {
		t.zw.Flush()
		t.zbuf.Truncate(t.zbuf.Len() - 4)
	}
	for t.zbuf.Len() > 0 && (flush || t.zbuf.Len() >= maxDataCount) {
		n := min(t.zbuf.Len(), maxDataCount)
		t.w.put(byte(deflatedData+(n>>8)), byte(n))
		t.w.putBytes(t.zbuf.Next(n))
		t.w.maybeFlush()
	}
}

func (t *tokenWriter) match(i int32) {
	if t.zw == nil {
		t.w.putInt32(-(i + 1))
		t.w.maybeFlush()
		return
	}
	if t.zpending {
		t.emitDeflated(true)
		t.zpending = false
	}
	if t.inRun && i == t.runLast+1 && i < t.runStart+65536 {
		t.runLast = i
		return
	}
	t.flushRun()
	t.inRun, t.runStart, t.runLast = true, i, i
}

func (t *tokenWriter) flushRun() {
	if !t.inRun {
		return
	}
	r, n := t.runStart-t.lastRun, t.runLast-t.runStart
	if r >= 0 && r <= 63 {
		if n == 0 {
			t.w.put(byte(tokenRel + r))
		} else {
			t.w.put(byte(tokenRunRel + r))
		}
	} else {
		if n == 0 {
			t.w.put(tokenLong)
		} else {
			t.w.put(tokenRunLong)
		}
		t.w.putInt32(t.runStart)
	}
	if n != 0 {
		t.w.put(byte(n), byte(n>>8))
	}
	t.lastRun = t.runLast
	t.inRun = false
}

func (t *tokenWriter) end() {
	if t.zw == nil {
		t.w.putInt32(0)
		return
	}
	if t.zpending {
		t.emitDeflated(true)
	}
	t.flushRun()
	t.w.put(tokenEnd)
}

// tokenReader reads a delta: literal data (n > 0 bytes in data), a block
// index (token >= 0), or the end.
type tokenReader struct {
	w       *wire
	z       bool
	zr      io.ReadCloser
	window  []byte
	rxToken int32
	rxRun   int
	pending int // a flag byte read ahead of its turn, or -1
}

func (s *server) newTokenReader() *tokenReader {
	return &tokenReader{w: s.w, z: s.opt.compress, pending: -1, rxToken: 0}
}

// next returns literal data, or a token (>= 0), or done.
func (t *tokenReader) next() (data []byte, token int32, done bool, err error) {
	if !t.z {
		n, err := t.w.int32()
		if err != nil {
			return nil, 0, false, err
		}
		switch {
		case n == 0:
			return nil, 0, true, nil
		case n < 0:
			return nil, -n - 1, false, nil
		case n > chunkSize:
			return nil, 0, false, errProtocol
		}
		buf := make([]byte, n)
		err = t.w.read(buf)
		return buf, -1, false, err
	}
	if t.rxRun > 0 {
		t.rxRun--
		t.rxToken++
		return nil, t.rxToken, false, nil
	}
	var flag byte
	if t.pending >= 0 {
		flag, t.pending = byte(t.pending), -1
	} else if flag, err = t.w.byte(); err != nil {
		return nil, 0, false, err
	}
	if flag&0xc0 == deflatedData {
		var comp []byte
		for flag&0xc0 == deflatedData {
			lo, err := t.w.byte()
			if err != nil {
				return nil, 0, false, err
			}
			n := int(flag&0x3f)<<8 | int(lo)
			chunk := make([]byte, n)
			if err := t.w.read(chunk); err != nil {
				return nil, 0, false, err
			}
			comp = append(comp, chunk...)
			if flag, err = t.w.byte(); err != nil {
				return nil, 0, false, err
			}
		}
		t.pending = int(flag)
		return t.inflate(append(comp, 0, 0, 0xff, 0xff))
	}
	switch {
	case flag == tokenEnd:
		return nil, 0, true, nil
	case flag&0xc0 == tokenRel || flag&0xc0 == tokenRunRel:
		t.rxToken += int32(flag & 0x3f)
		flag >>= 6
	case flag == tokenLong || flag == tokenRunLong:
		v, err := t.w.int32()
		if err != nil {
			return nil, 0, false, err
		}
		t.rxToken = v
	default:
		return nil, 0, false, errProtocol
	}
	if flag&1 != 0 {
		var b [2]byte
		if err := t.w.read(b[:]); err != nil {
			return nil, 0, false, err
		}
		t.rxRun = int(b[0]) | int(b[1])<<8
	}
	return nil, t.rxToken, false, nil
}

// inflate decodes one flushed run of compressed data; the stream goes on
// across runs, so each run starts from the window the last one left.
func (t *tokenReader) inflate(comp []byte) ([]byte, int32, bool, error) {
	if t.zr == nil {
		t.zr = flate.NewReaderDict(bytes.NewReader(comp), t.window)
	} else {
		t.zr.(flate.Resetter).Reset(bytes.NewReader(comp), t.window)
	}
	out, err := io.ReadAll(t.zr)
	if err != nil && err != io.ErrUnexpectedEOF {
		return nil, 0, false, errProtocol
	}
	t.window = append(t.window, out...)
	if len(t.window) > 32<<10 {
		t.window = append([]byte(nil), t.window[len(t.window)-32<<10:]...)
	}
	return out, -1, false, nil
}
