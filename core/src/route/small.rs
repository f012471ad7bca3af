//! A short list kept on the stack: routing collects a handful of rule hits, destinations and
//! administrations per message, and a heap allocation for each such list costs more than
//! the work done with it. Past `N` items the list spills to a `Vec`, so there is no limit.

/// Up to `N` items inline, the rest on the heap; items in insertion order.
#[derive(Debug, Clone)]
pub(crate) struct SmallList<T: Copy + Default, const N: usize> {
    inline: [T; N],
    len: usize,
    /// Every item, once more than `N` were pushed (then `inline` is unused).
    spilled: Vec<T>,
}

impl<T: Copy + Default, const N: usize> Default for SmallList<T, N> {
    fn default() -> Self {
        SmallList {
            inline: [T::default(); N],
            len: 0,
            spilled: Vec::new(),
        }
    }
}

impl<T: Copy + Default, const N: usize> SmallList<T, N> {
    pub(crate) fn push(&mut self, item: T) {
        if self.len < N {
            self.inline[self.len] = item;
        } else {
            if self.len == N {
                self.spilled.reserve(2 * N);
                self.spilled.extend_from_slice(&self.inline);
            }
            self.spilled.push(item);
        }
        self.len += 1;
    }

    pub(crate) fn as_slice(&self) -> &[T] {
        if self.len <= N {
            &self.inline[..self.len]
        } else {
            &self.spilled
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub(crate) fn iter(&self) -> std::slice::Iter<'_, T> {
        self.as_slice().iter()
    }
}

impl<T: Copy + Default + PartialEq, const N: usize> SmallList<T, N> {
    pub(crate) fn contains(&self, item: &T) -> bool {
        self.as_slice().contains(item)
    }
}

#[cfg(test)]
mod tests {
    use super::SmallList;

    #[test]
    fn keeps_order_past_the_inline_capacity() {
        let mut l: SmallList<u16, 3> = SmallList::default();
        assert!(l.is_empty());
        for i in 0..10u16 {
            l.push(i);
            let want: Vec<u16> = (0..=i).collect();
            assert_eq!(l.as_slice(), want.as_slice());
            assert!(l.contains(&i) && !l.contains(&(i + 1)));
        }
    }
}
