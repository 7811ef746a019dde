package vfs

// chunkSize is the unit a regular file's bytes are held in. A file kept in one
// slice grows by append, which doubles its capacity and copies it each time:
// a 1 GiB file written in small pieces held ~2 GiB of capacity plus the copy
// being made, and the collector let the heap reach twice that (4x its size in
// RSS). In chunks, a file costs its size plus at most one partly used chunk,
// and growing it copies nothing that was already written.
const chunkSize = 64 << 10

// content is a regular file's bytes. Chunk i holds bytes [i*chunkSize,
// (i+1)*chunkSize); a chunk shorter than that, or nil, reads as zeros up to
// the file's size, so a file extended by truncate costs nothing until written.
type content struct {
	chunks [][]byte
	size   int64
	// shared: the chunks are an image's, shared with every filesystem made
	// from it, and copied before the first change. omitted: the image left
	// the file's bytes out, and it reads as zeros until written.
	shared, omitted bool
}

// imageContent is a file's content as an image holds it: data shared, not
// copied, or size zero bytes when the image left them out (but data, its
// first bytes, when the image kept them).
func imageContent(data []byte, omitted int64) content {
	if omitted > 0 {
		c := content{chunks: make([][]byte, (omitted+chunkSize-1)/chunkSize), size: omitted, omitted: true}
		if n := min(len(data), chunkSize, int(omitted)); n > 0 {
			c.chunks[0], c.shared = data[:n:n], true
		}
		return c
	}
	c := content{size: int64(len(data)), shared: len(data) > 0}
	for off := 0; off < len(data); off += chunkSize {
		end := min(off+chunkSize, len(data))
		c.chunks = append(c.chunks, data[off:end:end])
	}
	return c
}

// unshare makes the chunks the file's own before they change.
func (c *content) unshare() {
	if c.shared {
		for i, ch := range c.chunks {
			c.chunks[i] = append([]byte(nil), ch...)
		}
		c.shared = false
	}
	c.omitted = false
}

func (c *content) len() int64 { return c.size }

// readAt copies the bytes at off into b and returns how many it copied.
func (c *content) readAt(b []byte, off int64) int {
	if off >= c.size {
		return 0
	}
	b = b[:min(int64(len(b)), c.size-off)]
	done := 0
	for done < len(b) {
		pos := off + int64(done)
		i, o := int(pos/chunkSize), int(pos%chunkSize)
		want := min(len(b)-done, chunkSize-o)
		var n int
		if ch := c.chunks[i]; o < len(ch) {
			n = copy(b[done:done+want], ch[o:])
		}
		clear(b[done+n : done+want]) // past what the chunk holds: zeros
		done += want
	}
	return done
}

// writeAt stores b at off; the file grows to off+len(b) if that is longer.
func (c *content) writeAt(b []byte, off int64) {
	c.unshare()
	if end := off + int64(len(b)); end > c.size {
		c.truncate(end)
	}
	for done := 0; done < len(b); {
		pos := off + int64(done)
		i, o := int(pos/chunkSize), int(pos%chunkSize)
		n := min(len(b)-done, chunkSize-o)
		ch := c.chunks[i]
		if need := o + n; need > len(ch) {
			if need > cap(ch) {
				// The first chunk doubles, so that small files stay small; a
				// file past it is big, and its chunks are made whole at once
				// rather than leave their halves to the collector.
				size := chunkSize
				if i == 0 {
					size = min(chunkSize, max(need, 2*cap(ch)))
				}
				grown := make([]byte, len(ch), size)
				copy(grown, ch)
				ch = grown
			}
			old := len(ch)
			ch = ch[:need]
			clear(ch[old:o]) // a gap before the write reads as zeros
			c.chunks[i] = ch
		}
		copy(ch[o:o+n], b[done:done+n])
		done += n
	}
}

// truncate sets the size: chunks past it are dropped, and bytes a later
// extension would expose read as zeros.
func (c *content) truncate(size int64) {
	c.unshare()
	nchunks := int((size + chunkSize - 1) / chunkSize)
	if size < c.size {
		clear(c.chunks[nchunks:]) // let the collector have them
		c.chunks = c.chunks[:nchunks]
		if rest := int(size % chunkSize); rest != 0 && len(c.chunks[nchunks-1]) > rest {
			c.chunks[nchunks-1] = c.chunks[nchunks-1][:rest]
		}
	}
	for len(c.chunks) < nchunks {
		c.chunks = append(c.chunks, nil)
	}
	c.size = size
}

// bytes returns a copy of the whole content.
func (c *content) bytes() []byte {
	out := make([]byte, c.size)
	c.readAt(out, 0)
	return out
}
