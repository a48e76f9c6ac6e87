/**
 * Comptoir: the Apps Script variant of the Google Workspace add-on.
 *
 * The primary deployment is the HTTP runtime (deployment.json): Google posts each event
 * straight to the backend and renders the card JSON it answers. This script is the
 * alternative for a firm that wants an Apps Script add-on (installed from the script
 * editor or published through the Marketplace) in front of the same backend.
 *
 * Why it is a forwarder plus a small translator:
 * - Apps Script cannot hand Gmail or Drive a card as JSON. CardService builds cards only
 *   through its builders; Card.printJson() goes the other way and is for debugging. (The
 *   plain-JSON answers some samples return are Google Chat's, not Gmail's or Drive's.)
 * - So every trigger POSTs its event object to the backend, exactly as the HTTP runtime
 *   would, and rebuilds the RenderAction it gets back with CardService: header, sections,
 *   textParagraph, decoratedText (icons, button, switch), buttonList, textInput,
 *   selectionInput, dateTimePicker, divider, image, card actions, fixed footer;
 *   navigations pushCard / updateCard / pop (or popCard) / popToRoot / popToCard, notification,
 *   action.link, and Drive's requestFileScope. A widget outside that list is skipped
 *   with a warning in the execution log, so one new widget never blanks a whole card.
 *
 * How buttons reach the backend (the `_path` parameter):
 * - In the backend's cards, onClick.action.function is a backend URL (.../addon/posts/like).
 *   Apps Script can only call a function of this script, so every action becomes
 *   `onAction` with the backend path in the reserved parameter `_path`, next to the
 *   card's own parameters.
 * - onAction checks `_path` (it must be an /addon/ path), removes it from the event's
 *   parameters and POSTs the event to BACKEND_URL + _path. The backend therefore sees the
 *   same URL path and the same parameters as under the HTTP runtime and needs no special
 *   routing. What it must do: never use a parameter name starting with "_" for itself,
 *   and ignore `_path` should one ever reach it.
 *
 * Authentication:
 * - Every request carries `Authorization: Bearer <ScriptApp.getIdentityToken()>`: the
 *   user's OpenID Connect ID token, audience = this script's OAuth client id (set it as
 *   COMPTOIR_APPS_SCRIPT_CLIENT_ID on the backend). It needs the openid scope, and
 *   userinfo.email for the email claim. There is no add-on service-account token here:
 *   that one token proves the caller and names the user.
 * - The forwarded event's authorizationEventObject is filled in with that ID token
 *   (userIdToken) and ScriptApp.getOAuthToken() (userOAuthToken), so the backend parses it
 *   as it parses an event from the HTTP runtime (e.g. to call Drive as the user).
 *
 * Configuration: the script property BACKEND_URL (Project settings > Script properties),
 * or DEFAULT_BACKEND_URL below. appsscript.json must list the same origin in
 * urlFetchWhitelist and openLinkUrlPrefixes.
 *
 * On any failure (backend unreachable, non-200 answer, unreadable JSON) the user sees a
 * small error card in French or English, after the user's locale.
 */

var DEFAULT_BACKEND_URL = 'https://comptoir.example.fr';

/** Trigger paths: the same as addon/endpoints.py (TRIGGERS). */
var PATHS = {
  homepage: '/addon/homepage',
  driveItemsSelected: '/addon/drive/items-selected',
  gmailMessage: '/addon/gmail/message',
  settings: '/addon/settings',
};

var ACTION_FUNCTION = 'onAction';
var PATH_PARAMETER = '_path';
var ADDON_PREFIX = '/addon/';
var ERROR_CARD_NAME = 'comptoir-error';

// ---------------------------------------------------------------------------------------
// Entry points named in appsscript.json (and onAction, named in every rebuilt button).

/** Homepage in Drive and Gmail (common.homepageTrigger). */
function onHomepage(e) {
  return triggerCards_(PATHS.homepage, e);
}

/** Drive: the user selected one or more items (drive.onItemsSelectedTrigger). */
function onDriveItemsSelected(e) {
  return triggerCards_(PATHS.driveItemsSelected, e);
}

/** Gmail: the user opened a message (gmail.contextualTriggers, unconditional). */
function onGmailMessage(e) {
  return triggerCards_(PATHS.gmailMessage, e);
}

/** The "Paramètres" universal action: answers a UniversalActionResponse. */
function onSettings(e) {
  var result = forward_(PATHS.settings, e);
  var builder = CardService.newUniversalActionResponseBuilder();
  if (!result.ok) {
    return builder.displayAddOnCards([errorCard_(e, result.status)]).build();
  }
  var parts = envelope_(result.body);
  if (parts.action.link && parts.action.link.url) {
    return builder.setOpenLink(openLink_(parts.action.link)).build();
  }
  var cards = shownCards_(parts.action);
  return builder.displayAddOnCards(cards.length ? cards : [errorCard_(e, 'empty')]).build();
}

/** Every button, form submit and change action of the rebuilt cards: see `_path` above. */
function onAction(e) {
  var path = parameter_(e, PATH_PARAMETER);
  if (!isBackendPath_(path)) {
    console.warn('Comptoir: refused an action without a valid ' + PATH_PARAMETER + ': ' + path);
    return errorResponse_(e, 'path');
  }
  var result = forward_(path, withoutPathParameter_(e));
  if (!result.ok) {
    return errorResponse_(e, result.status);
  }
  return actionResponse_(result.body, e);
}

// ---------------------------------------------------------------------------------------
// Talking to the backend.

/** BACKEND_URL from the script properties (http(s) only), else the default; no final "/". */
function backendUrl_() {
  var configured = null;
  try {
    configured = PropertiesService.getScriptProperties().getProperty('BACKEND_URL');
  } catch (error) {
    console.warn('Comptoir: cannot read the script properties: ' + error);
  }
  var url = String(configured || '').trim();
  if (!/^https?:\/\/[^\/\s?#]+(\/[^\s?#]*)?$/i.test(url)) {
    url = DEFAULT_BACKEND_URL;
  }
  return url.replace(/\/+$/, '');
}

/**
 * POSTs the event to BACKEND_URL + path. Answers {ok: true, body} for a 200 with a JSON
 * object, else {ok: false, status} (status 0: no answer at all, 'json': not JSON,
 * 'token': no identity token, so the openid scope is missing).
 */
function forward_(path, e) {
  var token = ScriptApp.getIdentityToken();
  if (!token) {
    return {ok: false, status: 'token'};
  }
  var event = copy_(e);
  event.authorizationEventObject = {
    userIdToken: token,
    userOAuthToken: ScriptApp.getOAuthToken(),
  };
  var response;
  try {
    response = UrlFetchApp.fetch(backendUrl_() + path, {
      method: 'post',
      contentType: 'application/json',
      headers: {Authorization: 'Bearer ' + token},
      payload: JSON.stringify(event),
      muteHttpExceptions: true,
    });
  } catch (error) {
    console.error('Comptoir: the backend did not answer on ' + path + ': ' + error);
    return {ok: false, status: 0};
  }
  var status = response.getResponseCode();
  if (status !== 200) {
    console.warn('Comptoir: the backend answered ' + status + ' on ' + path);
    return {ok: false, status: status};
  }
  try {
    var body = JSON.parse(response.getContentText());
    if (body && typeof body === 'object' && !Array.isArray(body)) {
      return {ok: true, body: body};
    }
  } catch (error) {
    // Falls through: an unreadable answer is shown as an error card.
  }
  console.warn('Comptoir: the backend answered something other than a JSON object on ' + path);
  return {ok: false, status: 'json'};
}

function copy_(value) {
  return value === undefined || value === null ? {} : JSON.parse(JSON.stringify(value));
}

function parameter_(e, name) {
  var common = (e && e.commonEventObject && e.commonEventObject.parameters) || {};
  var legacy = (e && e.parameters) || {};
  var value = common[name] !== undefined ? common[name] : legacy[name];
  return value === undefined || value === null ? '' : String(value);
}

function withoutPathParameter_(e) {
  var event = copy_(e);
  if (event.commonEventObject && event.commonEventObject.parameters) {
    delete event.commonEventObject.parameters[PATH_PARAMETER];
  }
  if (event.parameters) {
    delete event.parameters[PATH_PARAMETER];
  }
  return event;
}

/** Only the backend's add-on paths: /addon/ then letters, digits, "-", "_" and "/". */
function isBackendPath_(path) {
  return typeof path === 'string' && path.indexOf(ADDON_PREFIX) === 0 &&
      /^\/addon(\/[A-Za-z0-9_\-]+)+$/.test(path);
}

/** The backend path of an action.function URL: from its "/addon/" on, without query. */
function backendPath_(fn) {
  var text = String(fn || '');
  var at = text.indexOf(ADDON_PREFIX);
  return at < 0 ? '' : text.slice(at).split(/[?#]/)[0];
}

// ---------------------------------------------------------------------------------------
// RenderAction JSON -> CardService.

/** {action, hostAppAction} of either envelope: {action} or {renderActions: {action}}. */
function envelope_(body) {
  var outer = body.renderActions && typeof body.renderActions === 'object' ?
      body.renderActions : body;
  return {action: outer.action || {}, hostAppAction: outer.hostAppAction || null};
}

/** The card a trigger shows: the last one pushed or updated. */
function shownCards_(action) {
  var navigations = action.navigations || [];
  for (var i = navigations.length - 1; i >= 0; i--) {
    var card = navigations[i].pushCard || navigations[i].updateCard;
    if (card) {
      return [card_(card)];
    }
  }
  return [];
}

function triggerCards_(path, e) {
  var result = forward_(path, e);
  if (!result.ok) {
    return [errorCard_(e, result.status)];
  }
  var cards = shownCards_(envelope_(result.body).action);
  return cards.length ? cards : [errorCard_(e, 'empty')];
}

function actionResponse_(body, e) {
  var parts = envelope_(body);
  var drive = parts.hostAppAction && parts.hostAppAction.driveAction;
  if (drive && drive.requestFileScope && drive.requestFileScope.itemId) {
    return CardService.newDriveItemsSelectedActionResponseBuilder()
        .requestFileScope(String(drive.requestFileScope.itemId))
        .build();
  }
  var action = parts.action;
  var builder = CardService.newActionResponseBuilder();
  var navigations = action.navigations || [];
  if (navigations.length) {
    builder.setNavigation(navigation_(navigations));
  }
  if (action.notification && action.notification.text) {
    builder.setNotification(CardService.newNotification().setText(action.notification.text));
  }
  if (action.link && action.link.url) {
    builder.setOpenLink(openLink_(action.link));
  }
  if (!navigations.length && !action.notification && !action.link) {
    builder.setStateChanged(true);
  }
  return builder.build();
}

function navigation_(navigations) {
  var navigation = CardService.newNavigation();
  navigations.forEach(function(step) {
    if (step.pushCard) {
      navigation = navigation.pushCard(card_(step.pushCard));
    } else if (step.updateCard) {
      navigation = navigation.updateCard(card_(step.updateCard));
    } else if (step.popToCard) {
      navigation = navigation.popToNamedCard(String(step.popToCard));
    } else if (step.popToRoot) {
      navigation = navigation.popToRoot();
    } else if (step.pop || step.popCard) {
      navigation = navigation.popCard();
    }
  });
  return navigation;
}

function card_(json) {
  var builder = CardService.newCardBuilder();
  if (json.name) {
    builder.setName(json.name);
  }
  if (json.header) {
    builder.setHeader(header_(json.header));
  }
  if (json.peekCardHeader) {
    builder.setPeekCardHeader(header_(json.peekCardHeader));
  }
  (json.sections || []).forEach(function(section) {
    builder.addSection(section_(section));
  });
  (json.cardActions || []).forEach(function(item) {
    var cardAction = CardService.newCardAction().setText(item.actionLabel || '');
    if (onClick_(cardAction, item.onClick)) {
      builder.addCardAction(cardAction);
    }
  });
  if (json.fixedFooter) {
    var footer = CardService.newFixedFooter();
    if (json.fixedFooter.primaryButton) {
      footer.setPrimaryButton(textButton_(json.fixedFooter.primaryButton));
    }
    if (json.fixedFooter.secondaryButton) {
      footer.setSecondaryButton(textButton_(json.fixedFooter.secondaryButton));
    }
    builder.setFixedFooter(footer);
  }
  return builder.build();
}

function header_(json) {
  var header = CardService.newCardHeader().setTitle(json.title || '');
  if (json.subtitle) {
    header.setSubtitle(json.subtitle);
  }
  if (json.imageUrl) {
    header.setImageUrl(json.imageUrl);
    header.setImageStyle(
        enum_(CardService.ImageStyle, json.imageType, CardService.ImageStyle.SQUARE));
    if (json.imageAltText) {
      header.setImageAltText(json.imageAltText);
    }
  }
  return header;
}

function section_(json) {
  var section = CardService.newCardSection();
  if (json.header) {
    section.setHeader(json.header);
  }
  if (json.collapsible) {
    section.setCollapsible(true);
    if (json.uncollapsibleWidgetsCount) {
      section.setNumUncollapsibleWidgets(json.uncollapsibleWidgetsCount);
    }
  }
  (json.widgets || []).forEach(function(widget) {
    var built = widget_(widget);
    if (built) {
      section.addWidget(built);
    }
  });
  return section;
}

function widget_(json) {
  if (json.textParagraph) {
    return CardService.newTextParagraph().setText(json.textParagraph.text || '');
  }
  if (json.decoratedText) {
    return decoratedText_(json.decoratedText);
  }
  if (json.buttonList) {
    var buttons = CardService.newButtonSet();
    (json.buttonList.buttons || []).forEach(function(button) {
      buttons.addButton(button_(button));
    });
    return buttons;
  }
  if (json.textInput) {
    return textInput_(json.textInput);
  }
  if (json.selectionInput) {
    return selectionInput_(json.selectionInput);
  }
  if (json.dateTimePicker) {
    return dateTimePicker_(json.dateTimePicker);
  }
  if (json.divider) {
    return CardService.newDivider();
  }
  if (json.image) {
    var image = CardService.newImage().setImageUrl(json.image.imageUrl || '');
    if (json.image.altText) {
      image.setAltText(json.image.altText);
    }
    onClick_(image, json.image.onClick);
    return image;
  }
  console.warn('Comptoir: widget not shown by the Apps Script variant: ' +
      Object.keys(json).join(', '));
  return null;
}

function decoratedText_(json) {
  var widget = CardService.newDecoratedText().setText(json.text || '');
  if (json.topLabel) {
    widget.setTopLabel(json.topLabel);
  }
  if (json.bottomLabel) {
    widget.setBottomLabel(json.bottomLabel);
  }
  if (json.wrapText) {
    widget.setWrapText(true);
  }
  var start = json.startIcon || json.icon;
  if (start) {
    widget.setStartIcon(iconImage_(start));
  }
  if (json.endIcon) {
    widget.setEndIcon(iconImage_(json.endIcon));
  }
  if (json.button) {
    widget.setButton(button_(json.button));
  } else if (json.switchControl) {
    widget.setSwitchControl(switch_(json.switchControl));
  }
  onClick_(widget, json.onClick);
  return widget;
}

/** A button with text is a TextButton; an icon-only one is an ImageButton. */
function button_(json) {
  if (!json.text && json.icon) {
    var imageButton = CardService.newImageButton();
    icon_(imageButton, json.icon);
    imageButton.setAltText(json.altText || json.icon.altText || '');
    onClick_(imageButton, json.onClick);
    return imageButton;
  }
  return textButton_(json);
}

function textButton_(json) {
  var button = CardService.newTextButton().setText(json.text || '');
  if (json.icon) {
    icon_(button, json.icon);
  }
  if (json.altText) {
    button.setAltText(json.altText);
  }
  if (json.type) {
    var style = enum_(CardService.TextButtonStyle, json.type, null);
    if (style !== null) {
      button.setTextButtonStyle(style);
    }
  }
  if (json.color) {
    button.setBackgroundColor(hexColor_(json.color));
  }
  if (json.disabled) {
    button.setDisabled(true);
  }
  onClick_(button, json.onClick);
  return button;
}

function iconImage_(json) {
  var image = CardService.newIconImage();
  icon_(image, json);
  if (json.altText) {
    image.setAltText(json.altText);
  }
  if (json.imageType === 'CIRCLE') {
    image.setImageCropType(CardService.ImageCropType.CIRCLE);
  }
  return image;
}

/** Sets a card Icon (knownIcon, iconUrl or materialIcon) on a button or an IconImage. */
function icon_(target, json) {
  if (json.materialIcon && json.materialIcon.name) {
    target.setMaterialIcon(CardService.newMaterialIcon().setName(json.materialIcon.name));
  } else if (json.iconUrl) {
    target.setIconUrl(json.iconUrl);
  } else if (json.knownIcon) {
    var known = enum_(CardService.Icon, json.knownIcon, null);
    if (known !== null) {
      target.setIcon(known);
    }
  }
}

function switch_(json) {
  var control = CardService.newSwitch()
      .setFieldName(json.name || '')
      .setValue(json.value === undefined ? 'true' : String(json.value))
      .setSelected(Boolean(json.selected));
  if (json.controlType === 'CHECKBOX' || json.controlType === 'CHECK_BOX') {
    control.setControlType(CardService.SwitchControlType.CHECK_BOX);
  }
  if (json.onChangeAction) {
    control.setOnChangeAction(action_(json.onChangeAction));
  }
  return control;
}

function textInput_(json) {
  var input = CardService.newTextInput().setFieldName(json.name || '').setTitle(json.label || '');
  if (json.hintText) {
    input.setHint(json.hintText);
  }
  if (json.value !== undefined && json.value !== null) {
    input.setValue(String(json.value));
  }
  if (json.type === 'MULTIPLE_LINE') {
    input.setMultiline(true);
  }
  if (json.onChangeAction) {
    input.setOnChangeAction(action_(json.onChangeAction));
  }
  return input;
}

function selectionInput_(json) {
  var input = CardService.newSelectionInput()
      .setFieldName(json.name || '')
      .setTitle(json.label || '')
      .setType(enum_(CardService.SelectionInputType, json.type,
          CardService.SelectionInputType.CHECK_BOX));
  (json.items || []).forEach(function(item) {
    input.addItem(item.text || '', String(item.value === undefined ? '' : item.value),
        Boolean(item.selected));
  });
  if (json.onChangeAction) {
    input.setOnChangeAction(action_(json.onChangeAction));
  }
  return input;
}

function dateTimePicker_(json) {
  var picker;
  if (json.type === 'DATE_ONLY') {
    picker = CardService.newDatePicker();
  } else if (json.type === 'TIME_ONLY') {
    picker = CardService.newTimePicker();
  } else {
    picker = CardService.newDateTimePicker();
    if (json.timezoneOffsetDate !== undefined) {
      picker.setTimeZoneOffsetInMins(Number(json.timezoneOffsetDate));
    }
  }
  picker.setFieldName(json.name || '').setTitle(json.label || '');
  if (json.valueMsEpoch !== undefined && json.type !== 'TIME_ONLY') {
    picker.setValueInMsSinceEpoch(Number(json.valueMsEpoch));
  }
  if (json.onChangeAction) {
    picker.setOnChangeAction(action_(json.onChangeAction));
  }
  return picker;
}

/** Wires an OnClick (action or openLink); answers whether there was one. */
function onClick_(target, onClick) {
  if (!onClick) {
    return false;
  }
  if (onClick.action) {
    target.setOnClickAction(action_(onClick.action));
    return true;
  }
  if (onClick.openLink && onClick.openLink.url) {
    target.setOpenLink(openLink_(onClick.openLink));
    return true;
  }
  return false;
}

/** A backend action becomes onAction, with the backend path in `_path`. */
function action_(json) {
  var parameters = {};
  (json.parameters || []).forEach(function(parameter) {
    parameters[parameter.key] = String(parameter.value === undefined ? '' : parameter.value);
  });
  parameters[PATH_PARAMETER] = backendPath_(json['function']);
  var action = CardService.newAction().setFunctionName(ACTION_FUNCTION).setParameters(parameters);
  if (json.loadIndicator) {
    var indicator = enum_(CardService.LoadIndicator, json.loadIndicator, null);
    if (indicator !== null) {
      action.setLoadIndicator(indicator);
    }
  }
  if (json.persistValues) {
    action.setPersistValues(true);
  }
  return action;
}

function openLink_(json) {
  var link = CardService.newOpenLink().setUrl(json.url);
  if (json.openAs) {
    link.setOpenAs(enum_(CardService.OpenAs, json.openAs, CardService.OpenAs.FULL_SIZE));
  }
  if (json.onClose) {
    link.setOnClose(enum_(CardService.OnClose, json.onClose, CardService.OnClose.NOTHING));
  }
  return link;
}

function enum_(values, name, fallback) {
  if (!values || !name) {
    return fallback;
  }
  var value = values[name];
  return value === undefined || value === null ? fallback : value;
}

/** google.type.Color (red, green, blue in 0..1) as #rrggbb. */
function hexColor_(color) {
  return '#' + ['red', 'green', 'blue'].map(function(channel) {
    var level = Math.max(0, Math.min(255, Math.round(Number(color[channel] || 0) * 255)));
    return (level < 16 ? '0' : '') + level.toString(16);
  }).join('');
}

// ---------------------------------------------------------------------------------------
// Errors, in the user's language.

var MESSAGES = {
  fr: {
    title: 'Comptoir est indisponible',
    unreachable: 'Le serveur de Comptoir ne répond pas. Réessayez dans un instant.',
    refused: 'Le serveur de Comptoir a refusé la demande (code {code}). Si cela se ' +
        'reproduit, prévenez la personne qui administre Comptoir dans votre entreprise.',
    failed: 'Le serveur de Comptoir a rencontré une erreur (code {code}). ' +
        'Réessayez dans un instant.',
    invalid: 'Le serveur de Comptoir a envoyé une réponse illisible. Réessayez dans un instant.',
    setup: 'Ce module Comptoir est mal configuré. Prévenez la personne qui administre ' +
        'Comptoir dans votre entreprise.',
  },
  en: {
    title: 'Comptoir is unavailable',
    unreachable: 'The Comptoir server does not answer. Please try again in a moment.',
    refused: 'The Comptoir server refused the request (code {code}). If this happens ' +
        'again, tell whoever runs Comptoir in your company.',
    failed: 'The Comptoir server ran into an error (code {code}). Please try again in a moment.',
    invalid: 'The Comptoir server sent an answer it cannot read. Please try again in a moment.',
    setup: 'This Comptoir add-on is not set up correctly. Tell whoever runs Comptoir in ' +
        'your company.',
  },
};

/** French unless the user's locale says otherwise (the firms are French). */
function language_(e) {
  var locale = (e && e.commonEventObject && e.commonEventObject.userLocale) ||
      (e && e.userLocale) || '';
  if (!locale) {
    try {
      locale = Session.getActiveUserLocale() || '';
    } catch (error) {
      locale = '';
    }
  }
  return !locale || /^fr/i.test(locale) ? 'fr' : 'en';
}

function errorText_(messages, status) {
  if (status === 0) {
    return messages.unreachable;
  }
  if (status === 'json' || status === 'empty') {
    return messages.invalid;
  }
  if (status === 'token' || status === 'path') {
    return messages.setup;
  }
  var key = status >= 400 && status < 500 ? 'refused' : 'failed';
  return messages[key].replace('{code}', String(status));
}

function errorCard_(e, status) {
  var messages = MESSAGES[language_(e)];
  return CardService.newCardBuilder()
      .setName(ERROR_CARD_NAME)
      .setHeader(CardService.newCardHeader().setTitle(messages.title))
      .addSection(CardService.newCardSection()
          .addWidget(CardService.newTextParagraph().setText(errorText_(messages, status))))
      .build();
}

function errorResponse_(e, status) {
  return CardService.newActionResponseBuilder()
      .setNavigation(CardService.newNavigation().pushCard(errorCard_(e, status)))
      .build();
}
