//! Reading the index's binary formats (the pack, the web index's manifest and shards): every
//! read is checked, and damage is an error naming the file kind, never a panic.

use crate::{Error, Result};

pub(crate) struct Reader<'a> {
    rest: &'a [u8],
    /// The error damage is reported as.
    damaged: fn() -> Error,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8], damaged: fn() -> Error) -> Reader<'a> {
        Reader { rest: bytes, damaged }
    }

    /// What is left to read.
    pub(crate) fn rest(&self) -> &'a [u8] {
        self.rest
    }

    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if self.rest.len() < n {
            return Err((self.damaged)());
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Ok(head)
    }

    /// A little-endian u32.
    pub(crate) fn u32(&mut self) -> Result<usize> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    }

    /// A run of bytes after its u32 length.
    pub(crate) fn chunk(&mut self) -> Result<&'a [u8]> {
        let len = self.u32()?;
        self.take(len)
    }

    /// A LEB128 varint of at most 32 bits.
    pub(crate) fn varint(&mut self) -> Result<u32> {
        let mut value = 0u32;
        for shift in (0..35).step_by(7) {
            let byte = self.take(1)?[0];
            value |= u32::from(byte & 0x7f).checked_shl(shift).ok_or_else(self.damaged)?;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err((self.damaged)())
    }
}
