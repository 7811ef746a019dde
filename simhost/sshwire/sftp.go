package sshwire

import (
	"encoding/binary"
	"fmt"
	"io"
)

// SFTP version 3 packet types.
const (
	SFTPInit          = 1
	SFTPVersion       = 2
	SFTPOpen          = 3
	SFTPClose         = 4
	SFTPRead          = 5
	SFTPWrite         = 6
	SFTPRemove        = 13
	SFTPMkdir         = 14
	SFTPRename        = 18
	SFTPStatus        = 101
	SFTPHandle        = 102
	SFTPData          = 103
	SFTPName          = 104
	SFTPExtended      = 200
	SFTPExtendedReply = 201
)

// SFTP attribute flags.
const (
	AttrSize        = 0x1
	AttrUIDGID      = 0x2
	AttrPermissions = 0x4
	AttrTimes       = 0x8
	AttrExtended    = 0x80000000
)

// SFTP open flags (SSH_FXF_*).
const (
	OpenRead   = 0x01
	OpenWrite  = 0x02
	OpenAppend = 0x04
	OpenCreat  = 0x08
	OpenTrunc  = 0x10
)

// FixedAttrLen is the length of the fixed-size attribute fields flags name.
func FixedAttrLen(flags uint32) int {
	n := 0
	if flags&AttrSize != 0 {
		n += 8
	}
	if flags&AttrUIDGID != 0 {
		n += 8
	}
	if flags&AttrPermissions != 0 {
		n += 4
	}
	if flags&AttrTimes != 0 {
		n += 8
	}
	return n
}

// Frame prefixes a packet body (its type, then its fields) with its length.
func Frame(body []byte) []byte {
	return append(binary.BigEndian.AppendUint32(make([]byte, 0, 4+len(body)), uint32(len(body))), body...)
}

// AppendString appends s as an SSH string: its length, then its bytes.
func AppendString(b []byte, s string) []byte {
	return append(binary.BigEndian.AppendUint32(b, uint32(len(s))), s...)
}

// ReadPacket reads one framed packet from r, its length prefix included; a
// length of 0 or over limit is an error.
func ReadPacket(r io.Reader, limit uint32) ([]byte, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, err
	}
	n := binary.BigEndian.Uint32(hdr[:])
	if n == 0 || n > limit {
		return nil, fmt.Errorf("sftp: a packet of %d bytes, want 1 to %d", n, limit)
	}
	pkt := make([]byte, 4+n)
	copy(pkt, hdr[:])
	if _, err := io.ReadFull(r, pkt[4:]); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	return pkt, nil
}

// EachPacket hands the body of every complete framed packet at the start of
// buf to fn and returns what is left, a packet's start. broken is true when a
// length is 0 or over limit: buf is not (or no longer) SFTP.
func EachPacket(buf []byte, limit uint32, fn func(body []byte)) (rest []byte, broken bool) {
	for len(buf) >= 4 {
		n := binary.BigEndian.Uint32(buf)
		if n == 0 || n > limit {
			return nil, true
		}
		if uint32(len(buf)-4) < n {
			break
		}
		fn(buf[4 : 4+n])
		buf = buf[4+n:]
	}
	return buf, false
}

// Decoder reads the fields of a packet; past the end it returns zeros and
// sets Bad.
type Decoder struct {
	b   []byte
	Bad bool
}

// NewDecoder reads b.
func NewDecoder(b []byte) *Decoder { return &Decoder{b: b} }

// Take is the next n bytes.
func (d *Decoder) Take(n int) []byte {
	if n < 0 || n > len(d.b) {
		d.Bad, d.b = true, nil
		return nil
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

// U32 is the next uint32.
func (d *Decoder) U32() uint32 {
	if v := d.Take(4); v != nil {
		return binary.BigEndian.Uint32(v)
	}
	return 0
}

// U64 is the next uint64.
func (d *Decoder) U64() uint64 {
	if v := d.Take(8); v != nil {
		return binary.BigEndian.Uint64(v)
	}
	return 0
}

// Bytes is the next SSH string, as it stands in the packet.
func (d *Decoder) Bytes() []byte { return d.Take(int(d.U32())) }

// Str is the next SSH string.
func (d *Decoder) Str() string { return string(d.Bytes()) }
