/*
 * The header's unread count is read in the root loader, once per page. Lesson pages leave it out
 * (ADR 017): the most frequent page is answered by the direct path with one statement (ADR 009),
 * its header kept per language × role set, so it shows the link without a count, and the router
 * renders the same lesson page the same way.
 */
const lessonPage = /^\/(kk|ru)\/courses\/[^/]+\/lessons\/[^/]+?(\.data)?$/

export function showsUnreadCount(pathname: string) {
	return !lessonPage.test(pathname)
}
