// Secrets live here; the function app sees them through Key Vault references resolved with its identity.
param name string
param location string
param tags object

@secure()
param organiserKey string

@secure()
param sendGridApiKey string

@secure()
param additionalOrganiserKey string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    // No purge protection: `azd down --purge` must be able to free the name for the next `azd up` of the environment.
    softDeleteRetentionInDays: 7
  }
}

resource organiserKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'expomatch-organiser-key'
  properties: { value: organiserKey }
}

// A secret cannot be empty: without a SendGrid key there is no secret and the app setting stays empty.
resource sendGridApiKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(sendGridApiKey)) {
  parent: vault
  name: 'sendgrid-api-key'
  properties: { value: sendGridApiKey }
}

resource additionalOrganiserKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(additionalOrganiserKey)) {
  parent: vault
  name: 'expomatch-organiser-key-2'
  properties: { value: additionalOrganiserKey }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
output organiserKeySecretUri string = organiserKeySecret.properties.secretUri
output sendGridApiKeySecretUri string = empty(sendGridApiKey) ? '' : sendGridApiKeySecret.properties.secretUri
output additionalOrganiserKeySecretUri string = empty(additionalOrganiserKey) ? '' : additionalOrganiserKeySecret.properties.secretUri
