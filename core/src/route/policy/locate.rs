//! Maps a JSON pointer back to a line and column of the JSON text it points into, so a policy
//! error can say where the mistake is in the file. One forward scan that descends only into
//! the members the pointer names: linear in the text.

/// The 1-based (line, column) where the value `pointer` names starts in `text`, or `None`
/// when the text is not JSON or has no such value.
pub(crate) fn locate(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let mut i = skip_ws(b, 0);
    let tokens = pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"));
    for token in tokens {
        i = match b.get(i)? {
            b'{' => member(text, i, &token)?,
            b'[' => element(b, i, token.parse().ok()?)?,
            _ => return None,
        };
    }
    Some(line_col(b, i))
}

fn line_col(b: &[u8], at: usize) -> (usize, usize) {
    let before = &b[..at.min(b.len())];
    let line = before.iter().filter(|&&c| c == b'\n').count() + 1;
    let start = before
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
    (line, column)
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// The end (one past the closing quote) of the string starting at `i`.
fn string_end(b: &[u8], mut i: usize) -> Option<usize> {
    i += 1;
    loop {
        match b.get(i)? {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
}

/// The end of the value starting at `i` (strings, containers by depth, scalars).
fn value_end(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i)? {
        b'"' => string_end(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut k = i;
            loop {
                match b.get(k)? {
                    b'"' => {
                        k = string_end(b, k)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(k + 1);
                        }
                    }
                    _ => {}
                }
                k += 1;
            }
        }
        _ => {
            let mut k = i;
            while !matches!(
                b.get(k),
                None | Some(b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t')
            ) {
                k += 1;
            }
            Some(k)
        }
    }
}

/// The start of member `key`'s value in the object at `i`.
fn member(text: &str, i: usize, key: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut k = skip_ws(b, i + 1);
    while b.get(k)? == &b'"' {
        let end = string_end(b, k)?;
        let name: String = serde_json::from_str(&text[k..end]).ok()?;
        k = skip_ws(b, end);
        if b.get(k)? != &b':' {
            return None;
        }
        k = skip_ws(b, k + 1);
        if name == key {
            return Some(k);
        }
        k = skip_ws(b, value_end(b, k)?);
        if b.get(k)? != &b',' {
            return None;
        }
        k = skip_ws(b, k + 1);
    }
    None
}

/// The start of element `n` of the array at `i`.
fn element(b: &[u8], i: usize, n: usize) -> Option<usize> {
    let mut k = skip_ws(b, i + 1);
    for _ in 0..n {
        k = skip_ws(b, value_end(b, k)?);
        if b.get(k)? != &b',' {
            return None;
        }
        k = skip_ws(b, k + 1);
    }
    (b.get(k)? != &b']').then_some(k)
}

#[cfg(test)]
mod tests {
    use super::locate;

    #[test]
    fn finds_members_and_elements() {
        let text = "{\n  \"a\": {\"b~/\": [1, {\"c\": \"x\\\"]\"}, 3]},\n  \"d\": true\n}";
        assert_eq!(locate(text, ""), Some((1, 1)));
        assert_eq!(locate(text, "/a"), Some((2, 8)));
        assert_eq!(locate(text, "/a/b~0~1/1/c"), Some((2, 26)));
        assert_eq!(locate(text, "/a/b~0~1/2"), Some((2, 35)));
        assert_eq!(locate(text, "/d"), Some((3, 8)));
        assert_eq!(locate(text, "/a/b~0~1/3"), None);
        assert_eq!(locate(text, "/nope"), None);
        assert_eq!(locate("[", "/0"), None);
    }
}
