package rsyncd

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"
)

// Message tags of rsync's multiplexed stream (rsync.h), sent as
// (MPLEX_BASE+tag)<<24 | length in a little-endian header.
const (
	mplexBase   = 7
	msgData     = 0
	msgErrXfer  = 1
	msgInfo     = 2
	msgError    = 3
	msgWarning  = 4
	msgIOError  = 22
	msgNoop     = 42
	msgErrExit  = 86
	msgDeleted  = 101
	msgNoSend   = 102
	ndxDone     = -1
	ndxDelStats = -3
)

// errProtocol ends the run when the peer sends what the protocol forbids.
var errProtocol = errors.New("rsync protocol error")

// wire is one end of rsync's stream: plain until multiplexing starts on
// each direction, then framed. Writes are serialised for the generator and
// receiver, which share the output as rsync's two processes do.
type wire struct {
	in       *bufio.Reader
	out      io.Writer
	muxIn    bool
	muxOut   bool
	inLeft   int // bytes left of the current MSG_DATA frame
	readN    int64
	writtenN int64
	mu       sync.Mutex
	pending  []byte // data not yet framed (flushed by flush)
	// ndx state for protocol 30+'s index encoding, per direction
	prevInPos, prevInNeg, prevOutPos, prevOutNeg int32
	onMessage                                    func(tag int, payload []byte) // non-data frames from the peer
}

func newWire(in io.Reader, out io.Writer) *wire {
	return &wire{in: bufio.NewReaderSize(in, 64<<10), out: out,
		prevInPos: -1, prevInNeg: 1, prevOutPos: -1, prevOutNeg: 1}
}

// raw reads exactly len(b) bytes of the byte stream.
func (w *wire) raw(b []byte) error {
	n, err := io.ReadFull(w.in, b)
	w.readN += int64(n)
	if err != nil {
		return io.ErrUnexpectedEOF
	}
	return nil
}

// read reads len(b) bytes of data, unwrapping frames when multiplexed.
func (w *wire) read(b []byte) error {
	for len(b) > 0 {
		if !w.muxIn {
			return w.raw(b)
		}
		for w.inLeft == 0 {
			var h [4]byte
			if err := w.raw(h[:]); err != nil {
				return err
			}
			v := binary.LittleEndian.Uint32(h[:])
			tag, n := int(v>>24)-mplexBase, int(v&0xffffff)
			if tag == msgData {
				w.inLeft = n
				continue
			}
			if tag < 0 {
				return fmt.Errorf("%w: unexpected tag %d", errProtocol, tag)
			}
			payload := make([]byte, n)
			if err := w.raw(payload); err != nil {
				return err
			}
			if w.onMessage != nil {
				w.onMessage(tag, payload)
			}
		}
		n := min(len(b), w.inLeft)
		if err := w.raw(b[:n]); err != nil {
			return err
		}
		w.inLeft -= n
		b = b[n:]
	}
	return nil
}

func (w *wire) byte() (byte, error) {
	var b [1]byte
	err := w.read(b[:])
	return b[0], err
}

func (w *wire) int32() (int32, error) {
	var b [4]byte
	err := w.read(b[:])
	return int32(binary.LittleEndian.Uint32(b[:])), err
}

func (w *wire) shortint() (int, error) {
	var b [2]byte
	err := w.read(b[:])
	return int(binary.LittleEndian.Uint16(b[:])), err
}

// extraBytes is how many bytes follow a varint's first byte: its leading
// one bits (int_byte_extra in io.c).
func extraBytes(first byte) int {
	n := 0
	for bit := byte(0x80); bit != 0 && first&bit != 0; bit >>= 1 {
		n++
	}
	return n
}

func (w *wire) varint() (int32, error) {
	v, err := w.varlong(1)
	return int32(v), err
}

// varlong reads rsync's variable-length integer of at least minBytes bytes.
func (w *wire) varlong(minBytes int) (int64, error) {
	head := make([]byte, minBytes)
	if err := w.read(head); err != nil {
		return 0, err
	}
	var u [9]byte
	copy(u[:], head[1:])
	extra := extraBytes(head[0])
	if minBytes+extra > 9 {
		return 0, fmt.Errorf("%w: varint overflow", errProtocol)
	}
	if extra > 0 {
		if err := w.read(u[minBytes-1 : minBytes-1+extra]); err != nil {
			return 0, err
		}
		u[minBytes+extra-1] = head[0] & (1<<(8-extra) - 1)
	} else {
		u[minBytes-1] = head[0]
	}
	return int64(binary.LittleEndian.Uint64(u[:8])), nil
}

func (w *wire) vstring() (string, error) {
	n, err := w.byte()
	if err != nil {
		return "", err
	}
	l := int(n)
	if n&0x80 != 0 {
		b, err := w.byte()
		if err != nil {
			return "", err
		}
		l = int(n&0x7f)<<8 | int(b)
	}
	s := make([]byte, l)
	err = w.read(s)
	return string(s), err
}

func (w *wire) ndx() (int32, error) {
	b, err := w.byte()
	if err != nil {
		return 0, err
	}
	prev := &w.prevInPos
	switch b {
	case 0:
		return ndxDone, nil
	case 0xff:
		if b, err = w.byte(); err != nil {
			return 0, err
		}
		prev = &w.prevInNeg
	}
	var num int32
	if b == 0xfe {
		var x [2]byte
		if err := w.read(x[:]); err != nil {
			return 0, err
		}
		if x[0]&0x80 != 0 {
			var y [2]byte
			if err := w.read(y[:]); err != nil {
				return 0, err
			}
			num = int32(x[1]) | int32(y[0])<<8 | int32(y[1])<<16 | int32(x[0]&0x7f)<<24
		} else {
			num = int32(x[0])<<8 | int32(x[1]) + *prev
		}
	} else {
		num = int32(b) + *prev
	}
	*prev = num
	if prev == &w.prevInNeg {
		num = -num
	}
	return num, nil
}

// Writers append to pending; flush frames it as MSG_DATA.

func (w *wire) put(b ...byte) { w.mu.Lock(); w.pending = append(w.pending, b...); w.mu.Unlock() }

func (w *wire) putBytes(b []byte) { w.put(b...) }

func (w *wire) putInt32(v int32) {
	w.put(binary.LittleEndian.AppendUint32(nil, uint32(v))...)
}

func (w *wire) putShort(v int) { w.put(byte(v), byte(v>>8)) }

func (w *wire) putVarint(v int32) { w.putVarlong(int64(uint32(v)), 1, 4) }

// putVarlong writes x in at least minBytes bytes, of the size bytes it has
// (4 for varint, 8 for varlong).
func (w *wire) putVarlong(x int64, minBytes, size int) {
	var b [9]byte
	binary.LittleEndian.PutUint64(b[1:], uint64(x))
	cnt := size
	for cnt > minBytes && b[cnt] == 0 {
		cnt--
	}
	bit := byte(1) << (7 - cnt + minBytes)
	switch {
	case b[cnt] >= bit:
		cnt++
		b[0] = ^(bit - 1)
	case cnt > minBytes:
		b[0] = b[cnt] | ^(bit*2 - 1)
	default:
		b[0] = b[cnt]
	}
	w.put(b[:cnt]...)
}

func (w *wire) putVstring(s string) {
	if len(s) > 0x7f {
		w.put(byte(len(s)>>8)|0x80, byte(len(s)))
	} else {
		w.put(byte(len(s)))
	}
	w.putBytes([]byte(s))
}

func (w *wire) putNdx(ndx int32) {
	if ndx == ndxDone {
		w.put(0)
		return
	}
	var b []byte
	prev := &w.prevOutPos
	if ndx < 0 {
		b = append(b, 0xff)
		ndx = -ndx
		prev = &w.prevOutNeg
	}
	diff := ndx - *prev
	*prev = ndx
	switch {
	case diff > 0 && diff < 0xfe:
		b = append(b, byte(diff))
	case diff < 0 || diff > 0x7fff:
		b = append(b, 0xfe, byte(ndx>>24)|0x80, byte(ndx), byte(ndx>>8), byte(ndx>>16))
	default:
		b = append(b, 0xfe, byte(diff>>8), byte(diff))
	}
	w.put(b...)
}

// flush sends what is pending, framed when multiplexed.
func (w *wire) flush() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.flushLocked()
}

func (w *wire) flushLocked() error {
	for len(w.pending) > 0 {
		chunk := w.pending
		if w.muxOut {
			chunk = chunk[:min(len(chunk), 0xffffff)]
			if err := w.writeFrameLocked(msgData, chunk); err != nil {
				return err
			}
		} else {
			if _, err := w.out.Write(chunk); err != nil {
				return err
			}
			w.writtenN += int64(len(chunk))
		}
		w.pending = w.pending[len(chunk):]
	}
	w.pending = nil
	return nil
}

func (w *wire) writeFrameLocked(tag int, payload []byte) error {
	h := binary.LittleEndian.AppendUint32(nil, uint32(mplexBase+tag)<<24|uint32(len(payload)))
	_, err := w.out.Write(append(h, payload...))
	w.writtenN += int64(4 + len(payload))
	return err
}

// message sends a tagged message after the data already pending, so that
// the client sees it in order.
func (w *wire) message(tag int, payload []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.flushLocked(); err != nil {
		return err
	}
	return w.writeFrameLocked(tag, payload)
}

// maybeFlush flushes once enough is pending to make a frame worth it.
func (w *wire) maybeFlush() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.pending) < 32<<10 {
		return nil
	}
	return w.flushLocked()
}
