//! [`Pieces`]: a sequence kept in shared pieces, so that a stream can grow it by copying a few
//! pointers and its last piece, not the whole. Two are equal when their elements are equal
//! however they are cut, and pieces both share (same `Rc`) are not compared again. A streamed
//! code block's text ([`crate::widgets::code_block::CodeText`]) and a streamed long list's items
//! ([`crate::pages::chat::markdown::ListItems`]) are both kept so.

use std::rc::Rc;

/// What a piece is a slice of: bytes for text, items for a list.
pub trait Piece {
    /// One element of the sequence.
    type Elem: PartialEq;
    /// The piece's elements, in order.
    fn elems(&self) -> &[Self::Elem];
}

impl Piece for str {
    type Elem = u8;
    fn elems(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl<T: PartialEq> Piece for [T] {
    type Elem = T;
    fn elems(&self) -> &[T] {
        self
    }
}

/// A sequence in shared pieces (see the module's docs).
#[derive(Debug)]
pub struct Pieces<P: ?Sized> {
    pieces: Rc<[Rc<P>]>,
    len: usize,
}

impl<P: ?Sized + Piece> Pieces<P> {
    /// The sequence made of these pieces, in order.
    pub fn new(pieces: Vec<Rc<P>>) -> Self {
        let len = pieces.iter().map(|p| p.elems().len()).sum();
        Pieces {
            pieces: pieces.into(),
            len,
        }
    }

    /// The pieces, in order.
    pub fn pieces(&self) -> &[Rc<P>] {
        &self.pieces
    }

    /// The elements, in order.
    pub fn iter(&self) -> impl Iterator<Item = &P::Elem> + '_ {
        self.pieces.iter().flat_map(|p| p.elems().iter())
    }

    /// How many elements (bytes of a text, items of a list).
    pub fn len(&self) -> usize {
        self.len
    }

    /// No elements.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl<P: ?Sized> Clone for Pieces<P> {
    fn clone(&self) -> Self {
        Pieces {
            pieces: self.pieces.clone(),
            len: self.len,
        }
    }
}

impl<P: ?Sized + Piece> Default for Pieces<P> {
    fn default() -> Self {
        Pieces::new(Vec::new())
    }
}

impl<P: ?Sized + Piece> PartialEq for Pieces<P> {
    fn eq(&self, other: &Self) -> bool {
        if self.len != other.len {
            return false;
        }
        let shared = self
            .pieces
            .iter()
            .zip(other.pieces.iter())
            .take_while(|(a, b)| Rc::ptr_eq(a, b))
            .count();
        fn rest<P: ?Sized + Piece>(pieces: &[Rc<P>]) -> impl Iterator<Item = &P::Elem> + '_ {
            pieces.iter().flat_map(|piece| piece.elems().iter())
        }
        rest(&self.pieces[shared..]).eq(rest(&other.pieces[shared..]))
    }
}

impl<P: ?Sized + Piece> Eq for Pieces<P> where P::Elem: Eq {}

impl std::fmt::Display for Pieces<str> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.pieces.iter().try_for_each(|p| f.write_str(p))
    }
}

impl From<&str> for Pieces<str> {
    fn from(text: &str) -> Self {
        Pieces::new(vec![Rc::from(text)])
    }
}

impl From<String> for Pieces<str> {
    fn from(text: String) -> Self {
        Pieces::new(vec![Rc::from(text)])
    }
}

impl<T: PartialEq> From<Vec<T>> for Pieces<[T]> {
    fn from(items: Vec<T>) -> Self {
        Pieces::new(vec![items.into()])
    }
}
