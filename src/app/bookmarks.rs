//! The bookmarks view: the filter's results joined with the bookmarks (newest
//! first), those whose article is not loaded, and toggling a bookmark.

use super::*;

impl App {
    /// In the bookmarks view, bookmarks whose article is not loaded: shown
    /// after the rows, dimmed, so nothing vanishes silently.
    pub fn missing_bookmarks(&self) -> &[Bookmark] {
        &self.missing
    }

    /// How many bookmarks there are.
    pub fn bookmark_count(&self) -> usize {
        self.store.len()
    }

    /// Whether only bookmarked articles are shown.
    pub fn bookmarks_view(&self) -> bool {
        self.bookmarks_view
    }

    /// Whether article `index` is bookmarked.
    pub fn is_bookmarked(&self, index: usize) -> bool {
        self.article_id(index)
            .is_some_and(|id| self.store.contains(&id))
    }

    /// The rows for the current mode: all results, or the bookmarked ones
    /// (newest bookmark first unless a filter ranks them), and the bookmarks
    /// whose article is not loaded.
    pub(super) fn rebuild_view(&mut self) {
        if !self.bookmarks_view {
            let rows = if self.hide_read {
                let read = &self.read;
                self.results
                    .matches
                    .iter()
                    .filter(|m| !read.get(m.index as usize).copied().unwrap_or(false))
                    .copied()
                    .collect()
            } else {
                self.results.matches.clone()
            };
            self.view = if self.query.is_empty() {
                self.ordered(rows)
            } else {
                rows
            };
            self.missing.clear();
            return;
        }
        // Sorted once, newest first, for both lists below.
        let bookmarks = self.store.bookmarks();
        // Looked up by id as a number, once per result: a library may be
        // large. A bookmark whose id is not one folio writes matches none.
        let saved: IdMap<&str> = bookmarks
            .iter()
            .filter_map(|b| Some((ArticleId::parse(&b.id)?, b.added.as_str())))
            .collect();
        let ids = self.index.library().ids();
        let mut view: Vec<(Match, &str)> = self
            .results
            .matches
            .iter()
            .filter_map(|m| {
                let id = ids.get(m.index as usize)?;
                saved.get(id).map(|&added| (*m, added))
            })
            .collect();
        if self.query.is_empty() {
            view.sort_by(|a, b| b.1.cmp(a.1));
        }
        let view: Vec<Match> = view.into_iter().map(|(m, _)| m).collect();
        // Bookmarks whose article is loaded but filtered out are not missing.
        let loaded: IdSet = ids
            .iter()
            .filter(|id| saved.contains_key(id))
            .copied()
            .collect();
        // The filter's own rule, on the headline the bookmark kept.
        let compiled = self.compiled.as_ref();
        let missing: Vec<Bookmark> = bookmarks
            .iter()
            .filter(|b| !ArticleId::parse(&b.id).is_some_and(|id| loaded.contains(&id)))
            .filter(|b| compiled.is_none_or(|query| query.matches_headline(&b.title)))
            .map(|&b| b.clone())
            .collect();
        self.view = view;
        self.missing = missing;
        self.clamp_selection();
    }

    /// Into the bookmarks view or back, keeping the selected article
    /// selected where it is among the rows (else the first row).
    pub(super) fn toggle_bookmarks_view(&mut self) {
        self.bookmarks_view = !self.bookmarks_view;
        if self.bookmarks_view {
            // Another folio may have saved bookmarks meanwhile.
            self.store.refresh();
        }
        self.rebuild_keeping_selection();
    }

    /// The rows made again after a change of view, order or what is
    /// hidden, with the selected article still selected where it now is
    /// (else the first row).
    pub(super) fn rebuild_keeping_selection(&mut self) {
        let selected = self.rows().get(self.selected).map(|m| m.index);
        self.rebuild_view();
        let position = selected
            .and_then(|index| self.rows().iter().position(|m| m.index == index))
            .unwrap_or(0);
        self.sidebar_top = 0;
        self.select(position);
        self.open_selected();
    }

    /// The unfiltered rows in the order chosen (`s`).
    fn ordered(&mut self, mut rows: Vec<Match>) -> Vec<Match> {
        match self.sort {
            Sort::File => {}
            Sort::Title => {
                let library = self.index.library().clone();
                let order = self.title_order.get_or_insert_with(|| {
                    places(&library, |by| {
                        by.sort_by_cached_key(|&index| {
                            library
                                .title(&library.articles[index as usize])
                                .to_lowercase()
                        });
                    })
                });
                rows.sort_by_key(|m| order.get(m.index as usize).copied().unwrap_or(u32::MAX));
            }
            Sort::Newest => {
                let library = self.index.library().clone();
                let order = self.date_order.get_or_insert_with(|| {
                    // Newest first; undated after every dated one, in file order.
                    places(&library, |by| {
                        by.sort_by_key(|&index| {
                            std::cmp::Reverse(
                                library.articles[index as usize]
                                    .details
                                    .as_ref()
                                    .and_then(|details| details.published),
                            )
                        });
                    })
                });
                rows.sort_by_key(|m| order.get(m.index as usize).copied().unwrap_or(u32::MAX));
            }
            Sort::UnreadFirst => {
                // A stable partition in one pass, not a sort.
                let read = &self.read;
                let (unread, seen): (Vec<Match>, Vec<Match>) = rows
                    .into_iter()
                    .partition(|m| !read.get(m.index as usize).copied().unwrap_or(false));
                rows = unread;
                rows.extend(seen);
            }
        }
        rows
    }

    /// Bookmarks the selected article or removes its bookmark, and says how
    /// saving went. A web article's text is kept with its bookmark (see
    /// [`saved`]), so it outlives its feed.
    pub(super) fn toggle_bookmark(&mut self) {
        let (bookmark, index) = match self.rows().get(self.selected) {
            Some(row) => {
                let Some(article) = self.library().articles.get(row.index as usize) else {
                    return;
                };
                let bookmark = Bookmark::new(
                    self.library().id(article).to_string(),
                    self.library().title(article).to_string(),
                    self.library().source_name(article).to_string(),
                );
                (bookmark, Some(row.index as usize))
            }
            // Past the rows: a bookmark whose article is not loaded.
            None => match self
                .selected
                .checked_sub(self.rows().len())
                .and_then(|i| self.missing.get(i))
            {
                Some(missing) => (missing.clone(), None),
                None => {
                    self.message = Some("no article selected to bookmark".into());
                    return;
                }
            },
        };
        let id = ArticleId::parse(&bookmark.id);
        let (now_bookmarked, saved) = self.store.toggle(bookmark);
        let kept = match self.store.dir().map(saved::dir_in) {
            Some(dir) if now_bookmarked => index
                .map(|index| saved::keep(&dir, self.library(), index).map(drop))
                .unwrap_or(Ok(())),
            Some(dir) => id.map(|id| saved::forget(&dir, id)).unwrap_or(Ok(())),
            None => Ok(()),
        };
        self.message = Some(match (now_bookmarked, saved, kept) {
            (_, Err(error), _) => error.to_string(),
            (true, Ok(()), Ok(())) => "Bookmarked".into(),
            (false, Ok(()), Ok(())) => "Bookmark removed".into(),
            (true, Ok(()), Err(error)) => format!(
                "Bookmarked, but its text could not be kept for when its feed drops it ({error})"
            ),
            (false, Ok(()), Err(error)) => {
                format!("Bookmark removed, but its kept text could not be removed ({error})")
            }
        });
        if self.bookmarks_view {
            self.rebuild_view();
        }
    }
}

/// Each article's place in an order: `arrange` sorts the article indices,
/// and the answer gives, per article, where it landed, so rows of any view
/// sort by a lookup instead of comparing articles again.
fn places(library: &Library, arrange: impl FnOnce(&mut Vec<u32>)) -> Vec<u32> {
    let mut by: Vec<u32> = (0..library.articles.len())
        .filter_map(|index| u32::try_from(index).ok())
        .collect();
    arrange(&mut by);
    let mut place = vec![0; by.len()];
    for (rank, &index) in by.iter().enumerate() {
        place[index as usize] = u32::try_from(rank).unwrap_or(u32::MAX);
    }
    place
}
