//! LEB128 numbers, seven bits a byte, low first: the numbers of the compact codes build.rs
//! stores (`hir_code`, `nfa_code`).

/// Appends `n`.
#[cfg_attr(not(test), allow(dead_code))]
pub fn write(mut n: u32, out: &mut Vec<u8>) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Reads a code from its start; every read is `None` past its end.
pub struct Reader<'c> {
    code: &'c [u8],
    at: usize,
}

impl<'c> Reader<'c> {
    pub fn new(code: &'c [u8]) -> Self {
        Reader { code, at: 0 }
    }

    /// Whether the whole code has been read.
    pub fn is_done(&self) -> bool {
        self.at == self.code.len()
    }

    pub fn byte(&mut self) -> Option<u8> {
        let b = *self.code.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    pub fn number(&mut self) -> Option<u32> {
        let mut n: u32 = 0;
        for shift in (0..35).step_by(7) {
            let b = self.byte()?;
            n |= u32::from(b & 0x7f).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(n);
            }
        }
        None
    }

    pub fn bytes(&mut self, len: usize) -> Option<&'c [u8]> {
        let slice = self.code.get(self.at..self.at.checked_add(len)?)?;
        self.at += len;
        Some(slice)
    }
}
