/**
 * User events (clicks, watches, ratings, conversions) and the listener contract through which event
 * sources hand them to the experiment log, online model updates and anything else an application adds.
 */
package io.recsys.core.event;
